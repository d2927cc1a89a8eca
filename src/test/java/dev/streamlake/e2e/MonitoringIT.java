package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.e2e.support.KinesisFixture;
import dev.streamlake.e2e.support.LakeFiles;
import dev.streamlake.e2e.support.Ledger;
import dev.streamlake.e2e.support.Playwright;
import dev.streamlake.e2e.support.TestCluster;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.TransformOptions;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.tools.local.FreePorts;
import dev.streamlake.tools.local.LocalRun;
import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.tools.producer.KinesisProducer;
import dev.streamlake.tools.producer.PartitionKeys;
import dev.streamlake.tools.status.StatusCli;
import dev.streamlake.udfs.lake.LakeLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Monitoring on a running job, as users see it: the job (real Kinesis consumer on kinesis-local,
 * real lake) runs on a MiniCluster whose REST API and web UI listen on a free loopback port. The
 * {@code status} command's numbers are checked against the lake itself, and the web UI is opened in
 * headless Chromium: job graph, operator names, a custom metric, screenshots.
 */
class MonitoringIT {
    private static final String STREAM = "readings-monitoring";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path work;
    static KinesisFixture kinesis;
    static KinesisClient client;

    /**
     * Its own MiniCluster, not MiniClusterExtension's: that one cancels every job after each test.
     */
    static MiniCluster flink;

    static URI rest;
    static JobID job;
    static Path lake;
    static Ledger fx;
    static int sent;

    @BeforeAll
    static void runTheJob() throws Exception {
        LocalRun.useEmulatorIdentity();
        flink =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(TestCluster.loopbackWithQuickMetrics())
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(2)
                                .build());
        flink.start();
        rest = flink.getRestAddress().get();
        kinesis = KinesisFixture.start(work);
        client = kinesis.client();
        Kinesis.createStream(client, STREAM, 2, Duration.ofSeconds(30));

        lake = work.resolve("lake");
        JobConfig cfg =
                kinesis.settings(STREAM)
                        .set(LakeOptions.PATH, lake.toUri().toString())
                        .set(TransformOptions.DROP_IF, "status == 'TEST'")
                        .config();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("streamlake: " + STREAM + " (monitoring IT)");
        job = flink.submitJob(graph.getJobGraph()).get(1, TimeUnit.MINUTES).getJobID();

        fx = new Ledger(23, System.currentTimeMillis());
        List<byte[]> records = fx.generated(600);
        KinesisProducer producer =
                new KinesisProducer(client, STREAM, new PartitionKeys("device_id"), 8);
        producer.sendAll(records.iterator());
        assertThat(producer.failed()).isZero();
        sent = records.size();
        long expectedInLake =
                fx.expected().values().stream().filter(v -> !v.equals("DROPPED")).count();
        await(
                "every record is in the lake",
                () ->
                        LakeFiles.read(lake, LakeLayout.EVENTS).size()
                                        + LakeFiles.read(lake, LakeLayout.ERRORS).size()
                                == expectedInLake);
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            if (job != null) flink.cancelJob(job).get(1, TimeUnit.MINUTES);
            if (flink != null) flink.close();
        } finally { // the emulator is stopped even if the job would not cancel
            if (kinesis != null) kinesis.close();
        }
    }

    static String restUrl() {
        assertThat(rest.getHost()).isEqualTo("127.0.0.1");
        return rest.toString().replaceAll("/+$", "");
    }

    // --- the status command -----------------------------------------------------------------

    @Test
    void statusPrintsStateLastCheckpointAndMetricsThatAddUpToTheLake() throws Exception {
        Map<String, Long> expected = new HashMap<>();
        expected.put("recordsIn", (long) sent);
        expected.put("recordsOk", (long) LakeFiles.read(lake, LakeLayout.EVENTS).size());
        expected.put(
                "recordsDropped",
                fx.expected().values().stream().filter("DROPPED"::equals).count());
        expected.put("recordsFailed", (long) LakeFiles.read(lake, LakeLayout.ERRORS).size());
        LakeFiles.read(lake, LakeLayout.ERRORS).stream()
                .collect(Collectors.groupingBy(r -> r.text("error_type"), Collectors.counting()))
                .forEach((type, n) -> expected.put("recordsFailed{error_type=" + type + "}", n));
        for (String table : List.of(LakeLayout.EVENTS, LakeLayout.ERRORS)) {
            List<Path> files = LakeFiles.committedFiles(lake, table);
            expected.put("filesCommitted{table=" + table + "}", (long) files.size());
            expected.put(
                    "bytesCommitted{table=" + table + "}",
                    files.stream().mapToLong(MonitoringIT::size).sum());
        }

        // The REST API refreshes its metrics every 500 ms here: poll until they have caught up.
        String[] out = new String[1];
        await(
                "status shows the lake's numbers",
                () -> {
                    out[0] = status("--url", restUrl());
                    Map<String, Long> shown = numbers(out[0]);
                    return expected.entrySet().stream()
                            .allMatch(e -> e.getValue().equals(shown.get(e.getKey())));
                },
                () -> "\n" + out[0] + "\nexpected " + expected);

        String text = out[0];
        assertThat(text)
                .contains("state            RUNNING")
                .contains("restarts         0")
                // Checkpoints triggered before every task runs are declined, and count as failed.
                .containsPattern("checkpoints      \\d+ completed, \\d+ failed")
                .containsPattern(
                        "last checkpoint  #\\d+ at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ");
        Map<String, Long> shown = numbers(text);
        assertThat(shown.get("recordsValid"))
                .isEqualTo(
                        shown.get("recordsOk")
                                + shown.get("recordsDropped")
                                + shown.getOrDefault(
                                        "recordsFailed{error_type=TRANSFORM_FAILED}", 0L));
        assertThat(shown)
                .containsKeys(
                        "dataFreshness{table=events}",
                        "dataFreshness{table=errors}",
                        "eventTimeLag{table=events}",
                        "millisBehindLatest");
        assertThat(shown.get("millisBehindLatest")).as("caught up").isBetween(0L, 60_000L);
        // Nothing is pending once everything is committed; the lag is at least the
        // out-of-orderness.
        assertThat(shown.get("eventTimeLag{table=events}")).isGreaterThanOrEqualTo(60_000L);
    }

    @Test
    void statusNamesWhatIsMissing() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int free = FreePorts.loopback();
        int code =
                StatusCli.run(
                        new String[] {"--url", "http://127.0.0.1:" + free},
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("nothing listens at http://127.0.0.1:" + free);

        err.reset();
        code =
                StatusCli.run(
                        new String[] {"--url", restUrl(), "--job", "no-such-job"},
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("no job with id or name no-such-job");
    }

    // --- the web UI in a real browser ------------------------------------------------------------

    @Test
    void webUiShowsTheRunningJobsOperatorsAndACustomMetric() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertThat(chromium).as("Chromium (Debian package chromium): run .ci/setup").exists();
        Path playwright = Playwright.install();
        String jobId = job.toHexString();
        String vertex = vertexHolding("Parse and validate", jobId);
        Path shots =
                Files.createDirectories(
                        Path.of(System.getProperty("project.root"), "target", "e2e", "web-ui"));
        List<String> operators =
                List.of(
                        "Kinesis: " + STREAM,
                        "Parse and validate",
                        "Transform",
                        "Event-time watermarks",
                        "Lake: events",
                        "Lake: errors");

        ProcessBuilder pb =
                new ProcessBuilder(
                        "node",
                        Path.of(
                                        System.getProperty("project.root"),
                                        "src/test/resources/browser/web-ui.cjs")
                                .toString());
        pb.environment().put("PLAYWRIGHT_CORE", playwright.toString());
        pb.environment().put("CHROMIUM", chromium.toString());
        pb.environment().put("FLINK_URL", restUrl());
        pb.environment().put("JOB_ID", jobId);
        pb.environment().put("VERTEX_ID", vertex);
        pb.environment().put("METRIC", "kinesisanalytics.recordsIn");
        pb.environment().put("OPERATORS", JSON.writeValueAsString(operators));
        pb.environment().put("OUT_DIR", shots.toString());
        Path log = shots.resolve("web-ui.log");
        Path out = shots.resolve("web-ui.json");
        pb.redirectError(log.toFile());
        pb.redirectOutput(out.toFile()); // a file, so a hung script cannot block the test on a pipe
        Process browser = pb.start();
        try {
            assertThat(browser.waitFor(3, TimeUnit.MINUTES)).as("browser script finished").isTrue();
        } finally {
            // By PID: the Chromium node started first (its children), then node itself.
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly();
        }
        assertThat(browser.exitValue())
                .as("browser script exit; see " + log + ":\n" + Files.readString(log))
                .isZero();

        JsonNode result = JSON.readTree(Files.readString(out).trim());
        assertThat(result.path("jobState").asText()).isEqualTo("RUNNING");
        assertThat(result.path("operatorsMissing")).as("operators not in the job graph").isEmpty();
        assertThat(result.path("operatorsFound")).hasSize(operators.size());
        assertThat(result.path("metric").path("id").asText())
                .isEqualTo("0.Parse_and_validate.kinesisanalytics.recordsIn");
        assertThat(result.path("metric").path("value").asLong())
                .as("records subtask 0 read")
                .isPositive();
        for (JsonNode shot : result.path("screenshots")) {
            assertThat(Path.of(shot.asText())).isNotEmptyFile();
        }
        // -Dwebui.docs=<folder> refreshes the README's screenshot (docs/web-ui.png).
        String docs = System.getProperty("webui.docs");
        if (docs != null && !docs.isBlank()) {
            Files.copy(
                    shots.resolve("web-ui-metric.png"),
                    Path.of(docs).resolve("web-ui.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The id of the job vertex (operator chain) whose name includes an operator's. */
    private static String vertexHolding(String operator, String jobId) throws Exception {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        for (JsonNode v : JSON.readTree(r.body()).path("vertices")) {
            if (v.path("name").asText().contains(operator)) return v.path("id").asText();
        }
        throw new AssertionError("no vertex with " + operator + " in " + r.body());
    }

    // ------------------------------------------------------------------------------------------

    private static String status(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                StatusCli.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code)
                .as("status exit code; stderr: " + err.toString(StandardCharsets.UTF_8))
                .isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static final Pattern METRIC_LINE =
            Pattern.compile("(?m)^(\\w+(?:\\{[^}]*\\})?)\\s+(-?\\d+)\\b");

    /** The metric lines of the status output: label to its (first) number. */
    private static Map<String, Long> numbers(String text) {
        Map<String, Long> out = new HashMap<>();
        Matcher m = METRIC_LINE.matcher(text);
        while (m.find()) out.put(m.group(1), Long.parseLong(m.group(2)));
        return out;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(String what, Supplier<Boolean> condition)
            throws InterruptedException {
        await(what, condition, () -> "");
    }

    private static void await(String what, Supplier<Boolean> condition, Supplier<String> diagnosis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.get()) {
            if (System.nanoTime() > deadline)
                throw new AssertionError("timed out waiting until " + what + diagnosis.get());
            Thread.sleep(250);
        }
    }
}
