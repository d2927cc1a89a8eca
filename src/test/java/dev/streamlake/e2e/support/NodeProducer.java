package dev.streamlake.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.tools.local.KinesisLocal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Producers written by AWS, not by us, run with node: {@code aws-kinesis-agg} (AWS Labs' KPL
 * aggregation library for Node.js) and {@code @aws-sdk/client-kinesis} (the SDK v3), driven by the
 * scripts in {@code src/test/resources/producers/}. The test writes the records to a file, the
 * script puts them and prints a one-line summary, which {@link Summary} holds.
 *
 * <p>The packages are installed beside kinesis-local, at the versions {@link #PACKAGES} pins, by
 * {@code .ci/setup} (or here on first use). Endpoints are loopback only (the scripts refuse
 * others); a script that has not finished within 3 minutes is stopped by its PID.
 */
public final class NodeProducer {
    /** Pinned as in .ci/setup. */
    public static final List<String> PACKAGES =
            List.of(
                    "aws-kinesis-agg@4.2.8",
                    "@aws-sdk/client-kinesis@3.1143.0",
                    "@smithy/node-http-handler@4.14.2");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** One record to put: its partition key and bytes. */
    public record Entry(String partitionKey, byte[] data) {}

    /**
     * What a script reports: user records read from the file, Kinesis records it made of them
     * (aggregates, or one each), how many of those Kinesis accepted, entries re-sent, given up on.
     */
    public record Summary(
            long userRecords, long kinesisRecords, long sent, long retried, long failed) {}

    private final String endpoint;
    private final Path work;

    /** A producer for the emulator at {@code endpoint}; input files and logs go to {@code work}. */
    public NodeProducer(String endpoint, Path work) {
        this.endpoint = endpoint;
        this.work = work;
    }

    /**
     * Every {@code perAggregate} consecutive entries as one KPL aggregate made by aws-kinesis-agg.
     */
    public Summary aggregated(String stream, List<Entry> records, int perAggregate) {
        return run(
                "agg-producer.mjs",
                stream,
                records,
                List.of("--per-aggregate", String.valueOf(perAggregate)));
    }

    /** Each entry as one Kinesis record, with the SDK v3's PutRecords. */
    public Summary plain(String stream, List<Entry> records) {
        return run("sdk-producer.mjs", stream, records, List.of());
    }

    /**
     * Where the packages live: {@code $STREAMLAKE_CACHE/producers} or {@code
     * ~/.cache/streamlake/producers}.
     */
    public static Path home() {
        return KinesisLocal.home().resolveSibling("producers");
    }

    /** Installs the pinned packages if one of them is missing or at another version. */
    public static synchronized Path install() {
        Path home = home();
        if (PACKAGES.stream().allMatch(p -> installed(home, p))) return home;
        Npm.install(home, PACKAGES);
        return home;
    }

    private static boolean installed(Path home, String spec) {
        int at = spec.lastIndexOf('@');
        Path json =
                home.resolve("node_modules").resolve(spec.substring(0, at)).resolve("package.json");
        try {
            return Files.exists(json)
                    && spec.substring(at + 1)
                            .equals(JSON.readTree(json.toFile()).path("version").asText());
        } catch (IOException e) {
            return false;
        }
    }

    private Summary run(String script, String stream, List<Entry> records, List<String> more) {
        Path modules = install();
        String name = script.replace(".mjs", "") + "-" + RUNS.incrementAndGet();
        Path input = work.resolve(name + ".ndjson");
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        try {
            Files.createDirectories(work);
            StringBuilder lines = new StringBuilder();
            for (Entry r : records) {
                lines.append(
                                JSON.createObjectNode()
                                        .put("key", r.partitionKey())
                                        .put("data", Base64.getEncoder().encodeToString(r.data())))
                        .append('\n');
            }
            Files.writeString(input, lines, StandardCharsets.UTF_8);
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    "node",
                                    script(script).toString(),
                                    "--modules",
                                    modules.toString(),
                                    "--endpoint",
                                    endpoint,
                                    "--stream",
                                    stream,
                                    "--input",
                                    input.toString()));
            command.addAll(more);
            ProcessBuilder pb =
                    new ProcessBuilder(command)
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile());
            pb.environment()
                    .put("NODE_NO_WARNINGS", "1"); // the SDK's notice about future node versions
            Process p = pb.start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(
                        name
                                + " (pid "
                                + p.pid()
                                + ") did not finish in 3 minutes; stopped. "
                                + Files.readString(err));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(
                        name + " exited with " + p.exitValue() + ": " + Files.readString(err));
            }
            return summary(Files.readAllLines(out), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Summary summary(List<String> lines, String name) throws IOException {
        for (String line : lines) {
            if (!line.startsWith("summary ")) continue;
            JsonNode s = JSON.readTree(line.substring("summary ".length()));
            return new Summary(
                    s.path("userRecords").asLong(-1),
                    s.path("kinesisRecords").asLong(-1),
                    s.path("sent").asLong(-1),
                    s.path("retried").asLong(-1),
                    s.path("failed").asLong(-1));
        }
        throw new AssertionError(name + " printed no summary: " + lines);
    }

    private static Path script(String name) {
        URL url = NodeProducer.class.getResource("/producers/" + name);
        if (url == null)
            throw new IllegalStateException("producers/" + name + " is not on the test classpath");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
