package dev.streamlake.e2e.support;

import dev.streamlake.tools.local.FreePorts;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployable jar's {@code StreamingJob} in a JVM of its own, as a Flink runtime would run it:
 * the shaded jar plus only Flink's own jars, configured by a Managed-Flink-shaped properties file
 * and a flink-conf.yaml in {@code $FLINK_CONF_DIR}. Its REST API listens on a free loopback port.
 */
public final class JobProcess implements AutoCloseable {
    /** Test-classpath entries the deployable jar must bring itself, so they are left out. */
    private static final List<String> BUNDLED =
            List.of(
                    "/job/target/",
                    "/udfs/target/",
                    "/streamlake-",
                    "/flink-connector-kinesis/",
                    "/flink-connector-files/",
                    "/aws-kinesisanalytics-runtime/",
                    "/com/fasterxml/jackson/",
                    "/com/google/guava/",
                    "/joda-time/",
                    "/software/amazon/awssdk/",
                    "/target/e2e/",
                    "junit",
                    "/org/assertj/",
                    "/opentest4j/",
                    "/apiguardian/",
                    "/randomcutforest",
                    "/protostuff",
                    "/flink-parquet/",
                    "/org/apache/parquet/",
                    "/org/apache/hadoop/",
                    "/org/xerial/snappy/",
                    "/com/github/luben/");

    private final Process process;
    private final Path log;
    private final int restPort;

    private JobProcess(Process process, Path log, int restPort) {
        this.process = process;
        this.log = log;
        this.restPort = restPort;
    }

    /** The project root, which surefire passes in. */
    public static Path projectRoot() {
        String root = System.getProperty("project.root");
        return (root == null ? Path.of("../..") : Path.of(root)).toAbsolutePath().normalize();
    }

    public static Path deployableJar() {
        Path jar = projectRoot().resolve("job/target/streamlake-job-0.1.0-SNAPSHOT-deployable.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar
                            + " is missing: build it with mvn -pl job -am package -DskipTests"
                            + " (a reactor run with -pl src/test -am does)");
        }
        return jar;
    }

    /**
     * Starts the job. {@code flinkConf} adds to (or overrides) the loopback-only defaults, e.g.
     * {@code execution.savepoint.path} to restore from a retained checkpoint.
     */
    public static JobProcess start(
            Path properties, Map<String, String> flinkConf, Path work, String name)
            throws IOException {
        return start(
                properties,
                flinkConf,
                work,
                name,
                Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local"));
    }

    /** As above, with the AWS credentials (or other variables) the process's environment gets. */
    public static JobProcess start(
            Path properties,
            Map<String, String> flinkConf,
            Path work,
            String name,
            Map<String, String> env)
            throws IOException {
        int restPort = FreePorts.loopback();
        Path confDir = Files.createDirectories(work.resolve(name + "-flink-conf"));
        List<String> conf =
                new ArrayList<>(
                        List.of(
                                "rest.address: 127.0.0.1",
                                "rest.bind-address: 127.0.0.1",
                                "rest.port: " + restPort,
                                "jobmanager.bind-host: 127.0.0.1",
                                "jobmanager.rpc.address: 127.0.0.1",
                                "taskmanager.bind-host: 127.0.0.1",
                                "taskmanager.host: 127.0.0.1",
                                "blob.server.port: 0",
                                "parallelism.default: 2",
                                "taskmanager.numberOfTaskSlots: 2",
                                "state.checkpoints.dir: " + work.resolve("checkpoints").toUri()));
        flinkConf.forEach((k, v) -> conf.add(k + ": " + v));
        Files.writeString(confDir.resolve("flink-conf.yaml"), String.join("\n", conf) + "\n");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens")) cmd.add(arg); // Flink's Java 17 flags
        }
        cmd.addAll(
                List.of(
                        "-Xmx768m",
                        "-Dlog4j.configurationFile="
                                + projectRoot().resolve("conf/log4j2.properties"),
                        "-cp",
                        deployableJar() + File.pathSeparator + flinkRuntimeClasspath(),
                        "dev.streamlake.job.StreamingJob",
                        "--config",
                        properties.toString()));
        Path log = work.resolve(name + ".log");
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().put("FLINK_CONF_DIR", confDir.toString());
        pb.environment().putAll(env); // e.g. credentials for the default chain, as on AWS
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        return new JobProcess(pb.start(), log, restPort);
    }

    /** What a Flink runtime has: the test classpath less everything the jar must bundle. */
    public static String flinkRuntimeClasspath() {
        String cp =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            String norm = entry.replace(File.separatorChar, '/');
            if (BUNDLED.stream().noneMatch(norm::contains)) kept.add(entry);
        }
        if (kept.stream().noneMatch(e -> e.contains("flink-streaming-java"))) {
            throw new IllegalStateException("no Flink runtime on the test classpath");
        }
        return String.join(File.pathSeparator, kept);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** {@code kill -9}: no shutdown hook, no final checkpoint, files left as they are. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    /**
     * Stops the running job with a final savepoint through the REST API, which commits every
     * pending file, then ends the process.
     */
    public void stopWithSavepoint(Path savepoints) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String jobs = get(http, "/jobs");
        Matcher id =
                Pattern.compile("\"id\":\"([0-9a-f]{32})\",\"status\":\"RUNNING\"").matcher(jobs);
        if (!id.find()) throw new IllegalStateException("no running job: " + jobs + "\n" + tail());
        String trigger =
                post(
                        http,
                        "/jobs/" + id.group(1) + "/stop",
                        "{\"drain\":false,\"targetDirectory\":\"" + savepoints.toUri() + "\"}");
        Matcher request = Pattern.compile("\"request-id\":\"([0-9a-f]+)\"").matcher(trigger);
        if (!request.find()) throw new IllegalStateException("stop not accepted: " + trigger);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            String status = get(http, "/jobs/" + id.group(1) + "/savepoints/" + request.group(1));
            if (status.contains("\"COMPLETED\"")) {
                if (status.contains("failure-cause"))
                    throw new IllegalStateException("savepoint failed: " + status);
                break;
            }
            Thread.sleep(200);
        }
        close();
    }

    /** A GET on the job's REST API, e.g. {@code /jobs/overview}. */
    public String get(String path) throws Exception {
        return get(HttpClient.newHttpClient(), path);
    }

    public String get(HttpClient http, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(rest(path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private String post(HttpClient http, String path, String body) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(rest(path))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private URI rest(String path) {
        return URI.create("http://127.0.0.1:" + restPort + path);
    }

    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Ends the process: SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS))
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
