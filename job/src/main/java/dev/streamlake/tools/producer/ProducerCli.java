package dev.streamlake.tools.producer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import dev.streamlake.tools.local.LocalRun;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Sends NDJSON lines (from a file or stdin) or generated sample readings to a Kinesis stream.
 *
 * <pre>
 *   --stream NAME [--region us-east-1] [--endpoint http://127.0.0.1:4568]
 *   (--file PATH | --file - | --generate N [--seed 42] [--devices 50] [--rate PER_SECOND])
 *   [--key-field device_id] [--max-attempts 8]
 * </pre>
 *
 * Prints {@code sent=N failed=M} at the end; exits 1 when anything failed.
 */
public final class ProducerCli {
    private ProducerCli() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> a = parse(args);
        String stream = required(a, "stream");
        String endpoint = a.get("endpoint");
        if (endpoint != null && java.net.InetAddress.getByName(java.net.URI.create(endpoint).getHost()).isLoopbackAddress()) {
            LocalRun.useEmulatorIdentity(); // an emulator on this machine: dummy credentials
        }
        try (KinesisClient kinesis = Kinesis.client(a.getOrDefault("region", "us-east-1"), endpoint)) {
            KinesisProducer producer = new KinesisProducer(kinesis, stream,
                    new PartitionKeys(a.getOrDefault("key-field", "device_id")),
                    Integer.parseInt(a.getOrDefault("max-attempts", "8")));
            Iterator<byte[]> records;
            if (a.containsKey("file")) {
                records = lines(a.get("file"));
            } else {
                records = generated(
                        Long.parseLong(required(a, "generate")),
                        Long.parseLong(a.getOrDefault("seed", "42")),
                        Integer.parseInt(a.getOrDefault("devices", "50")),
                        Double.parseDouble(a.getOrDefault("rate", "0")));
            }
            producer.sendAll(records);
            System.out.println("sent=" + producer.sent() + " failed=" + producer.failed());
            if (producer.failed() > 0) System.exit(1);
        }
    }

    /** {@code count} generated readings, stamped with the wall clock, at most {@code rate}/s. */
    public static Iterator<byte[]> generated(long count, long seed, int devices, double rate) {
        SampleGenerator gen = new SampleGenerator(seed, devices);
        long start = System.nanoTime();
        return new Iterator<>() {
            long i;

            @Override
            public boolean hasNext() {
                return count <= 0 || i < count;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) throw new NoSuchElementException();
                if (rate > 0) pace(start, i, rate);
                i++;
                return gen.next(System.currentTimeMillis()).payload;
            }
        };
    }

    static void pace(long startNanos, long index, double rate) {
        long due = startNanos + (long) (index * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static Iterator<byte[]> lines(String file) throws IOException {
        BufferedReader in = file.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        return in.lines().filter(l -> !l.isBlank()).map(l -> l.getBytes(StandardCharsets.UTF_8)).iterator();
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }

    private static String required(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null) throw new IllegalArgumentException("--" + name + " is required");
        return v;
    }
}
