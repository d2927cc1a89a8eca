package dev.streamlake.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.Await;
import dev.streamlake.e2e.support.JobProcess;
import dev.streamlake.e2e.support.KinesisFixture;
import dev.streamlake.e2e.support.Ledger;
import dev.streamlake.tools.local.FreePorts;
import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.udfs.record.ErrorType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/streamlake} as a user runs it: a process with arguments, stdin, exit code and output,
 * on the jar {@code mvn package} built. Bad usage gets picocli's exit code 2 and a message, never a
 * stack trace; a failure exit code 1 and one line. The producer and the job run against
 * kinesis-local (a Kinesis emulator nobody here wrote), in a process without any AWS credentials:
 * the tools find the emulator's identity themselves.
 */
class StreamlakeCliIT {
    private static final Path ROOT = JobProcess.projectRoot();

    @Test
    void helpListsEveryCommandAndBadUsageIsExitCode2WithAMessage() throws Exception {
        Result help = streamlake("--help");
        assertThat(help.code).isZero();
        assertThat(help.out)
                .contains(
                        "local", "run", "produce", "query", "status", "ddl", "deploy", "teardown");

        Result trailingFlag = streamlake("query", "--sql");
        assertThat(trailingFlag.code).isEqualTo(2);
        assertThat(trailingFlag.err)
                .contains("streamlake query: Missing required parameter for option '--sql'");

        Result unknown = streamlake("query", "--sqll", "SELECT 1");
        assertThat(unknown.code).isEqualTo(2);
        assertThat(unknown.err).contains("Unknown option", "'--sqll'", "--sql");

        Result noCommand = streamlake("nonsense");
        assertThat(noCommand.code).isEqualTo(2);
        assertThat(noCommand.err).contains("'nonsense'", "streamlake --help");

        // The job's settings are options of run: a misspelt key is bad usage, a bad value names the
        // key.
        Result unknownKey = streamlake("run", "--lake.pth", "/tmp/x");
        assertThat(unknownKey.code).isEqualTo(2);
        assertThat(unknownKey.err).contains("'--lake.pth'", "--lake.path");
        Result badValue =
                streamlake("run", "--source.stream", "s", "--lake.checkpoint-interval=soon");
        assertThat(badValue.code).isEqualTo(1);
        assertThat(badValue.err)
                .contains(
                        "streamlake run: lake.checkpoint-interval: invalid value 'soon'; set in program arguments");

        for (Result r : List.of(trailingFlag, unknown, noCommand, unknownKey, badValue)) {
            assertThat(r.err).as("no stack trace").doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void optionsTakeTheirValueAfterASpaceOrAnEqualsSign(@TempDir Path tmp) throws Exception {
        Result spaced =
                streamlake(
                        "ddl",
                        "--location",
                        "s3://my-bucket/lake",
                        "--out",
                        tmp.resolve("a").toString());
        Result joined =
                streamlake("ddl", "--location=s3://my-bucket/lake", "--out=" + tmp.resolve("b"));
        assertThat(spaced.code).isZero();
        assertThat(joined.code).isZero();
        Map<String, String> a = files(tmp.resolve("a"));
        assertThat(a).isNotEmpty().isEqualTo(files(tmp.resolve("b")));
        assertThat(a.get("projection/events.sql")).contains("'s3://my-bucket/lake/events/'");
    }

    @Test
    void queryAnswersOneStatementOrEachOfStdin() throws Exception {
        Result once =
                streamlake(
                        "query",
                        "--format",
                        "csv",
                        "--sql",
                        "SELECT count(*) AS n FROM events WHERE false");
        assertThat(once.code).isZero();
        assertThat(once.out).isEqualTo("n\r\n0\r\n");

        // No --sql or --file: statements from stdin, a failed one reported, the rest still
        // answered.
        Result session =
                run(
                        List.of("query", "--format=CSV"),
                        "SELECT 1 AS a;\nSELEC 2;\nSELECT 'x'\n  AS b;\nexit\nSELECT 3 AS never;\n");
        assertThat(session.code).isEqualTo(1);
        assertThat(session.out).isEqualTo("a\r\n1\r\nb\r\nx\r\n");
        assertThat(session.err).contains("error:", "SELEC");
    }

    /**
     * The three tools around a running job, in one job run: {@code produce} sends a file to a
     * stream, {@code run} runs the job alone on it (a configuration file, overrides in both forms,
     * the web UI on a free port), {@code status} reads that job, and the lake ends up holding every
     * record exactly once, in events or errors, or counted as dropped.
     */
    @Test
    void produceRunAndStatusAgainstKinesisLocal(@TempDir Path tmp) throws Exception {
        try (KinesisFixture kinesis = KinesisFixture.start(tmp)) {
            String stream = "cli";
            Kinesis.createStream(kinesis.client(), stream, 2, Duration.ofSeconds(30));
            Ledger ledger = new Ledger(17, System.currentTimeMillis());
            Path file = tmp.resolve("records.ndjson");
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 600; i++) {
                String id = "hm-cli-" + i;
                byte[] record =
                        i % 50 == 7
                                ? ledger.failing(
                                        id,
                                        ErrorType.MALFORMED_JSON,
                                        "{\"reading_id\":\"" + id + "\",")
                                : ledger.valid(id, ledger.now() - i * 1000L);
                if (i % 100 == 3) {
                    ledger.expect(id, Ledger.DROPPED);
                    record =
                            Ledger.reading(
                                            id,
                                            "\"" + Instant.ofEpochMilli(ledger.now()) + "\"",
                                            ",\"status\":\"TEST\"",
                                            3300)
                                    .getBytes(StandardCharsets.UTF_8);
                }
                lines.append(new String(record, StandardCharsets.UTF_8)).append('\n');
            }
            Files.writeString(file, lines);

            Result produced =
                    streamlake(
                            "produce",
                            "--stream",
                            stream,
                            "--endpoint",
                            kinesis.endpoint(),
                            "--file",
                            file.toString());
            assertThat(produced.code).as(produced.err).isZero();
            assertThat(produced.out)
                    .startsWith("sent=600 failed=0 in ")
                    .contains("records/s) to cli");

            Path config = tmp.resolve("job.json");
            Files.writeString(
                    config,
                    "[{\"PropertyGroupId\": \"source\", \"PropertyMap\": {\"stream\": \""
                            + stream
                            + "\","
                            + " \"region\": \"us-east-1\", \"endpoint\": \""
                            + kinesis.endpoint()
                            + "\", \"initial-position\": \"TRIM_HORIZON\"}},"
                            + " {\"PropertyGroupId\": \"lake\", \"PropertyMap\": {\"path\": \""
                            + tmp.resolve("ignored")
                            + "\"}}]");
            Path lake = tmp.resolve("lake");
            int ui = FreePorts.loopback();
            Process job =
                    start(
                            List.of(
                                    "run",
                                    "--config",
                                    config.toString(),
                                    "--lake.path",
                                    lake.toString(),
                                    "--lake.checkpoint-interval=1 s",
                                    // Parquet needs jars of the runtime scope (parquet-jackson).
                                    "--lake.events.format",
                                    "parquet",
                                    "--transform.drop-if=status == 'TEST'",
                                    "--web-ui",
                                    "--web-ui-port",
                                    String.valueOf(ui)),
                            tmp.resolve("run.out"),
                            tmp.resolve("run.err"));
            try {
                Await.until(
                        "every record landed",
                        Duration.ofMillis(500),
                        () -> {
                            assertThat(job.isAlive())
                                    .as("the job runs; its stderr: " + stderr(tmp))
                                    .isTrue();
                            return ledger.allLanded(lake);
                        },
                        () -> "the job's stderr: " + stderr(tmp));
                ledger.assertExactlyOnce(lake);
                assertQueryCountsWhatLanded(lake, ledger);

                Result status = streamlake("status", "--url", "http://127.0.0.1:" + ui);
                assertThat(status.code).as(status.err).isZero();
                assertThat(status.out).contains("streamlake: cli -> ", "RUNNING");
            } finally {
                job.destroy();
                if (!job.waitFor(60, TimeUnit.SECONDS)) job.destroyForcibly().waitFor();
            }
            assertThat(Files.readString(tmp.resolve("run.err")))
                    .contains(
                            "streamlake run: cli -> file://" + lake,
                            "web UI on http://127.0.0.1:" + ui);
        }
    }

    private static String stderr(Path tmp) {
        try {
            return Files.readString(tmp.resolve("run.err"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** {@code query} over the job's lake: the events as Parquet, the errors as JSON-GZIP. */
    private static void assertQueryCountsWhatLanded(Path lake, Ledger ledger) throws Exception {
        try (Stream<Path> files = Files.walk(lake.resolve("events"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("part-") && name.endsWith(".parquet"));
        }
        long events = ledger.expected().values().stream().filter(v -> v.startsWith("dt=")).count();
        long dropped = ledger.expected().values().stream().filter(Ledger.DROPPED::equals).count();
        long errors = ledger.expected().size() - events - dropped;
        Result counted =
                streamlake(
                        "query",
                        "--lake",
                        lake.toString(),
                        "--format=csv",
                        "--sql",
                        "SELECT (SELECT count(*) FROM events) AS events,"
                                + " (SELECT count(DISTINCT reading_id) FROM events) AS ids,"
                                + " (SELECT count(*) FROM errors) AS errors");
        assertThat(counted.code).as(counted.err).isZero();
        assertThat(counted.out)
                .isEqualTo("events,ids,errors\r\n" + events + "," + events + "," + errors + "\r\n");
    }

    // ---- running bin/streamlake

    private static final class Result {
        final int code;
        final String out;
        final String err;

        Result(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }
    }

    private static Result streamlake(String... args) throws Exception {
        return run(List.of(args), "");
    }

    /**
     * Runs bin/streamlake to its end with this stdin; stdout and stderr go through files (no pipe
     * to fill).
     */
    private static Result run(List<String> args, String stdin) throws Exception {
        Path dir = Files.createTempDirectory("streamlake-cli");
        Path in = Files.writeString(dir.resolve("in"), stdin);
        Process p = start(args, dir.resolve("out"), dir.resolve("err"), in);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(
                    "streamlake "
                            + args
                            + " did not end; stderr: "
                            + Files.readString(dir.resolve("err")));
        }
        return new Result(
                p.exitValue(),
                Files.readString(dir.resolve("out")),
                Files.readString(dir.resolve("err")));
    }

    private static Process start(List<String> args, Path out, Path err) throws IOException {
        return start(args, out, err, null);
    }

    /**
     * bin/streamlake from the project root, on the jar the build made (never building it), in an
     * environment without AWS credentials or Flink configuration.
     */
    private static Process start(List<String> args, Path out, Path err, Path in)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bin/streamlake").toString());
        command.addAll(args);
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .directory(ROOT.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
        if (in != null) pb.redirectInput(in.toFile());
        pb.environment()
                .keySet()
                .removeIf(
                        k ->
                                k.startsWith("AWS_")
                                        || k.equals("FLINK_CONF_DIR")
                                        || k.equals("STREAMLAKE_CONFIG"));
        pb.environment().put("STREAMLAKE_NO_BUILD", "1");
        return pb.start();
    }

    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                out.put(dir.relativize(f).toString(), Files.readString(f));
            }
        }
        return out;
    }
}
