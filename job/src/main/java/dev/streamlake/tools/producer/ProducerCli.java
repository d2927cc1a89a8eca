package dev.streamlake.tools.producer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code streamlake produce}: sends NDJSON lines (from a file or stdin) or generated sample
 * readings to a Kinesis stream, showing progress on stderr at most once a second (records, rate,
 * failures) and ending with one summary line on stdout, {@code sent=N failed=M ...}. Exit code 1
 * when any record could not be sent.
 */
@Command(
        name = "produce",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description =
                "Send NDJSON lines from a file (or stdin) or generated readings to a Kinesis stream"
                        + " (PutRecords, failed entries retried with backoff).")
public final class ProducerCli implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(names = "--stream", required = true, paramLabel = "NAME", description = "The stream.")
    private String stream;

    @Option(names = "--region", description = "AWS region. Default: ${DEFAULT-VALUE}.")
    private String region = "us-east-1";

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            description =
                    "Kinesis endpoint, e.g. http://127.0.0.1:4568 (kinesis-local: on a loopback address the"
                            + " emulator's dummy identity is used, else the AWS default chain).")
    private String endpoint;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Input input;

    static final class Input {
        @Option(
                names = "--file",
                paramLabel = "PATH",
                description = "NDJSON lines to send; - for stdin.")
        String file;

        @Option(
                names = "--generate",
                paramLabel = "N",
                description = "Send N generated readings (0: until stopped).")
        Long generate;
    }

    @Mixin private GeneratorOptions generator;

    @Option(
            names = "--rate",
            paramLabel = "PER_S",
            description =
                    "At most this many generated readings per second (0: as fast as it goes).")
    private double rate;

    @Option(
            names = "--key-field",
            paramLabel = "FIELD",
            description = "JSON field whose value is the partition key. Default: ${DEFAULT-VALUE}.")
    private String keyField = "device_id";

    @Option(
            names = "--max-attempts",
            paramLabel = "N",
            description =
                    "PutRecords attempts per batch before its failed entries count as failed. Default: ${DEFAULT-VALUE}.")
    private int maxAttempts = 8;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err, System.nanoTime());
        try (KinesisClient kinesis = Kinesis.client(region, endpoint)) {
            KinesisProducer producer =
                    new KinesisProducer(kinesis, stream, new PartitionKeys(keyField), maxAttempts);
            Iterator<byte[]> records =
                    input.file != null
                            ? lines(input.file)
                            : generator.readings(input.generate, rate);
            producer.sendAll(records, progress::update);
            progress.done();
            spec.commandLine()
                    .getOut()
                    .println(
                            String.format(
                                    Locale.ROOT,
                                    "sent=%d failed=%d in %.1f s (%.0f records/s) to %s",
                                    producer.sent(),
                                    producer.failed(),
                                    progress.seconds(),
                                    progress.rate(producer.sent()),
                                    stream));
            return producer.failed() > 0 ? 1 : 0;
        }
    }

    private static Iterator<byte[]> lines(String file) throws IOException {
        BufferedReader in =
                file.equals("-")
                        ? new BufferedReader(
                                new InputStreamReader(System.in, StandardCharsets.UTF_8))
                        : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        return in.lines()
                .filter(l -> !l.isBlank())
                .map(l -> l.getBytes(StandardCharsets.UTF_8))
                .iterator();
    }

    /** One stderr line per second at most: records sent, failed, the rate so far. */
    static final class Progress {
        private final PrintWriter err;
        private final long start;
        private long lastShown;
        private boolean shown;

        Progress(PrintWriter err, long startNanos) {
            this.err = err;
            this.start = startNanos;
            this.lastShown = startNanos;
        }

        void update(long sent, long failed) {
            long now = System.nanoTime();
            if (now - lastShown < 1_000_000_000L) return;
            lastShown = now;
            shown = true;
            err.println(
                    String.format(
                            Locale.ROOT,
                            "  %d sent, %d failed, %.0f records/s",
                            sent,
                            failed,
                            rate(sent)));
            err.flush();
        }

        void done() {
            if (shown) err.flush();
        }

        double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }

        double rate(long sent) {
            double s = seconds();
            return s > 0 ? sent / s : 0;
        }
    }
}
