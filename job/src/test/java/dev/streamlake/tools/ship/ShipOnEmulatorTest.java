package dev.streamlake.tools.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.tools.local.KinesisLocalExtension;
import dev.streamlake.tools.producer.Kinesis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The shipper against kinesis-local (a Kinesis API emulator nobody here wrote): records read back
 * from the stream with the SDK. The first test runs {@code ship} as its own process, kills it with
 * SIGKILL while a log grows and rotates both ways, restarts it, and counts: every line arrives, and
 * a line arrives twice only within the in-flight batch the restarted shipper reports. The second
 * runs a flow per option group in-process and checks what the stream received.
 */
class ShipOnEmulatorTest {
    @RegisterExtension static final KinesisLocalExtension kinesis = new KinesisLocalExtension();

    /** Shipper processes this class started: none outlives its test, even a failed one. */
    private static final List<Process> STARTED = new ArrayList<>();

    @AfterEach
    void stopShippers() throws InterruptedException {
        for (Process p : STARTED) {
            p.destroyForcibly();
            p.waitFor();
        }
        STARTED.clear();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES) // a guard against a hang, not an assertion
    void everyLineArrivesThroughRotationsAndAKillMinus9WithDuplicatesOnlyInTheReportedInFlightBatch(
            @TempDir Path tmp) throws Exception {
        String stream = "ship-kill";
        Kinesis.createStream(kinesis.client(), stream, 2, Duration.ofSeconds(30));
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path log = logs.resolve("app.log");
        Path config = tmp.resolve("agent.json");
        Files.writeString(
                config,
                AgentJson.oneFlow(
                        tmp.resolve("checkpoints.json"),
                        kinesis.endpoint(),
                        stream,
                        logs + "/app.log*",
                        "\"maxBufferSizeRecords\": 50"));
        StreamTail tail = new StreamTail(kinesis.client(), stream);
        Writer w = new Writer(log);

        w.lines(150);
        // On its first start the shipper reads the newest file only, as the agent: rotate once it
        // has begun.
        Process first = ship(config, tmp.resolve("ship-1.log"));
        awaitFor(
                () -> tail.poll() >= 0 && tail.records.size() >= 50,
                first,
                tmp.resolve("ship-1.log"));
        w.renameAndCreate();
        w.lines(150);
        awaitFor(
                () -> tail.poll() >= 0 && tail.records.size() >= 200,
                first,
                tmp.resolve("ship-1.log"));
        first.destroyForcibly(); // SIGKILL: no flush, no checkpoint, no summary
        first.waitFor();
        w.lines(100);
        w.copyAndTruncate(); // while the shipper is down
        w.lines(100);

        Process second = ship(config, tmp.resolve("ship-2.log"));
        awaitFor(
                () -> tail.poll() >= 0 && distinct(tail.texts()) == w.written,
                second,
                tmp.resolve("ship-2.log"));
        w.lines(100);
        w.copyAndTruncate(); // while it runs
        w.lines(100);
        w.renameAndCreate();
        w.lines(100);
        awaitFor(
                () -> tail.poll() >= 0 && distinct(tail.texts()) == w.written,
                second,
                tmp.resolve("ship-2.log"));
        second.destroy(); // SIGTERM: the shipper sends its buffer, checkpoints, prints the summary
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Files.copy(
                tmp.resolve("ship-2.log"),
                Path.of("target", "ship-logs", "ship-2.log"),
                StandardCopyOption.REPLACE_EXISTING);
        String summary = Files.readString(tmp.resolve("ship-2.log"));
        assertThat(summary).contains("ship summary:");
        long inFlight =
                count(
                        summary,
                        "possible duplicates \\(the batch in flight when the shipper last stopped\\) (\\d+)");
        tail.poll();
        Map<String, Integer> times = new HashMap<>();
        for (String t : tail.texts()) times.merge(t, 1, Integer::sum);
        assertThat(times.keySet())
                .hasSize(w.written)
                .allSatisfy(t -> assertThat(t).matches("line-\\d+ .*\n"));
        long duplicates = tail.records.size() - times.size();
        assertThat(duplicates).as("duplicates").isLessThanOrEqualTo(inFlight);
        assertThat(inFlight)
                .as("a batch was in flight at the kill, or none")
                .isLessThanOrEqualTo(50);
        assertThat(count(summary, "files truncated \\(copy-truncate rotations\\) (\\d+)"))
                .isEqualTo(2);
        System.out.printf(
                "ship kill -9: %d lines, %d records, %d duplicates, %d reported in flight%n",
                w.written, tail.records.size(), duplicates, inFlight);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // a guard against a hang, not an assertion
    void optionsShapeTheRecordsTheStreamReceives(@TempDir Path tmp) throws Exception {
        String stream = "ship-options";
        Kinesis.createStream(kinesis.client(), stream, 1, Duration.ofSeconds(30));
        Path dir = Files.createDirectories(tmp.resolve("logs"));
        Files.writeString(dir.resolve("old.csv"), "id,name\n0,skipped: END_OF_FILE\n");
        String huge = "x".repeat(1_100_000);
        AgentConfig cfg =
                AgentConfig.parse(
                        "{\"checkpointFile\": \""
                                + tmp.resolve("cp.json")
                                + "\", \"flows\": [\n"
                                + "{\"kinesisStream\": \""
                                + stream
                                + "\", \"filePattern\": \""
                                + dir
                                + "/*.csv\", \"skipHeaderLines\": 1,"
                                + " \"partitionKeyOption\": \"DETERMINISTIC\", \"maxBufferAgeMillis\": 1000, \"maxBufferSizeBytes\": 200,"
                                + " \"dataProcessingOptions\": [{\"optionName\": \"CSVTOJSON\", \"customFieldNames\": [\"id\", \"name\"]}]},\n"
                                + "{\"kinesisStream\": \""
                                + stream
                                + "\", \"filePattern\": \""
                                + dir
                                + "/access.log\", \"initialPosition\":"
                                + " \"START_OF_FILE\", \"maxBufferAgeMillis\": 1000, \"dataProcessingOptions\": [{\"optionName\": \"LOGTOJSON\","
                                + " \"logFormat\": \"COMMONAPACHELOG\"}, {\"optionName\": \"ADDMETADATA\", \"metadata\": {\"host\": \"h1\"}}]},\n"
                                + "{\"kinesisStream\": \""
                                + stream
                                + "\", \"filePattern\": \""
                                + dir
                                + "/trace.log\", \"initialPosition\":"
                                + " \"START_OF_FILE\", \"maxBufferAgeMillis\": 1000, \"multiLineStartPattern\": \"\\\\d{4}-\","
                                + " \"truncatedRecordTerminator\": \"<cut>\\n\", \"dataProcessingOptions\": [{\"optionName\": \"SINGLELINE\"}]}\n"
                                + "]}",
                        Clock.systemUTC());
        assertThat(cfg.notes).isEmpty();
        Files.writeString(
                dir.resolve("access.log"),
                "10.0.0.1 - bob [07/Mar/2004:16:10:02 -0800] \"GET /a HTTP/1.1\" 200 6291\nnot apache\n");
        Files.writeString(
                dir.resolve("trace.log"),
                "2026-12-02 boom\n  at a\n  at b\n2026-12-02 " + huge + "\n2026-12-02 end\n");

        ShipStats stats;
        try (Shipper shipper =
                new Shipper(
                        cfg,
                        Checkpoints.open(cfg.checkpointFile, "checkpointFile"),
                        kinesis.client())) {
            stats = shipper.stats();
            shipper.start();
            Files.writeString(
                    dir.resolve("new.csv"),
                    "id,name\n1,ann\n2,bo\n3\n"); // a new file: read from its start
            StreamTail tail = new StreamTail(kinesis.client(), stream);
            await(() -> tail.poll() >= 0 && tail.records.size() >= 7);
            List<String> got = tail.texts();
            assertThat(got)
                    .contains(
                            "{\"id\":\"1\",\"name\":\"ann\"}\n",
                            "{\"id\":\"2\",\"name\":\"bo\"}\n",
                            "{\"id\":\"3\",\"name\":null}\n");
            assertThat(got)
                    .contains(
                            "{\"metadata\":{\"host\":\"h1\"},\"data\":\"{\\\"host\\\":\\\"10.0.0.1\\\",\\\"ident\\\":null,"
                                    + "\\\"authuser\\\":\\\"bob\\\",\\\"datetime\\\":\\\"07/Mar/2004:16:10:02 -0800\\\",\\\"request\\\":\\\"GET /a HTTP/1.1\\\","
                                    + "\\\"response\\\":\\\"200\\\",\\\"bytes\\\":\\\"6291\\\"}\"}\n");
            assertThat(got).contains("2026-12-02 boomat aat b\n", "2026-12-02 end\n");
            assertThat(got)
                    .filteredOn(t -> t.startsWith("2026-12-02 xxx"))
                    .singleElement()
                    .satisfies(t -> assertThat(t).endsWith("x<cut>\n"));
            for (Record r : tail.records) {
                if (r.data().asUtf8String().startsWith("{\"id\"")) {
                    assertThat(r.partitionKey()).isEqualTo(md5(r.data().asByteArray()));
                }
            }
            assertThat(got)
                    .noneMatch(
                            t ->
                                    t.contains("skipped")
                                            || t.contains("not apache")
                                            || t.startsWith("id,name"));
        }
        assertThat(stats.recordsDropped).hasValue(1);
        assertThat(stats.headerLinesSkipped).hasValue(1);
        assertThat(stats.recordsTruncated).hasValue(1);
        assertThat(stats.recordsSent).hasValue(7);
    }

    /** Appends numbered lines to a log and rotates it as logrotate does. */
    private static final class Writer {
        final Path log;
        int written;
        int rotations;

        Writer(Path log) {
            this.log = log;
        }

        void lines(int n) throws IOException {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) b.append("line-").append(written++).append(" some text\n");
            Files.writeString(log, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        void renameAndCreate() throws IOException {
            Files.move(log, log.resolveSibling("app.log." + ++rotations));
        }

        void copyAndTruncate() throws IOException {
            Files.copy(log, log.resolveSibling("app.log." + ++rotations));
            Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    private static Process ship(Path config, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String log4j =
                Path.of("..", "conf", "log4j2.properties").toAbsolutePath().normalize().toString();
        Process p =
                new ProcessBuilder(
                                java,
                                "-Dlog4j.configurationFile=" + log4j,
                                "-cp",
                                System.getProperty("java.class.path"),
                                ShipCommand.class.getName(),
                                "--config",
                                config.toString(),
                                "--progress-interval",
                                "2000")
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        STARTED.add(p);
        return p;
    }

    private static void awaitFor(BooleanSupplier done, Process shipper, Path log) throws Exception {
        try {
            while (!done.getAsBoolean()) {
                assertThat(shipper.isAlive()).as("shipper running; its log: %s", log).isTrue();
                Thread.sleep(200);
            }
        } finally {
            // kept for a failed run's diagnosis: the temporary folder goes with the test
            Path keep = Files.createDirectories(Path.of("target", "ship-logs"));
            Files.copy(log, keep.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean()) Thread.sleep(200);
    }

    private static long distinct(List<String> texts) {
        return texts.stream().distinct().count();
    }

    private static long count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in %s", regex, text).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String md5(byte[] data) throws Exception {
        return String.format(
                "%032x",
                new java.math.BigInteger(
                        1, java.security.MessageDigest.getInstance("MD5").digest(data)));
    }
}
