package dev.streamlake.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.e2e.support.LakeFiles;
import dev.streamlake.job.local.KinesisLocal;
import dev.streamlake.job.producer.Kinesis;
import dev.streamlake.job.producer.KinesisProducer;
import dev.streamlake.job.producer.PartitionKeys;
import dev.streamlake.job.producer.SampleGenerator;
import dev.streamlake.job.producer.SampleGenerator.Kind;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The deployable jar, as built, runs the job in its own JVM: {@code StreamingJob} from the shaded
 * jar plus only what a Flink runtime provides (flink-dist's modules and logging), configured by a
 * file in Managed Flink's property-group JSON shape, reading kinesis-local and writing the lake
 * to local disk.
 */
class DeployableJarRunsLocallyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Kind> INVALID =
            EnumSet.of(Kind.MALFORMED_JSON, Kind.WRONG_TYPE, Kind.MISSING_FIELD, Kind.INVALID_UTF8);
    /** Test-classpath entries the deployable jar must bring itself, so they are left out. */
    private static final List<String> BUNDLED = List.of(
            "/job/target/", "/udfs/target/", "/streamlake-", "/flink-connector-kinesis/", "/flink-connector-files/",
            "/aws-kinesisanalytics-runtime/", "/com/fasterxml/jackson/", "/com/google/guava/", "/joda-time/",
            "/software/amazon/awssdk/", "/target/e2e/", "junit", "/org/assertj/", "/opentest4j/", "/apiguardian/",
            "/flink-parquet/", "/org/apache/parquet/", "/org/apache/hadoop/", "/org/xerial/snappy/", "/com/github/luben/");

    @TempDir Path work;

    @Test
    void builtJarReadsKinesisAndWritesTheLake() throws Exception {
        Path jar = DeployFiles.deployableJar();
        Path lake = work.resolve("lake");
        int port = freePort();
        String stream = "e2e-readings";

        try (KinesisLocal kinesis = KinesisLocal.start(port, freePort(), work.resolve("kinesis-local.log"))) {
            System.setProperty("aws.accessKeyId", "local");
            System.setProperty("aws.secretAccessKey", "local");
            try (KinesisClient client = Kinesis.client("us-east-1", kinesis.endpoint())) {
                Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));

                // The records: generated readings (some invalid by design) plus two of our own.
                SampleGenerator gen = new SampleGenerator(7, 20);
                long now = System.currentTimeMillis();
                List<byte[]> payloads = new ArrayList<>();
                Set<String> expectedEvents = new TreeSet<>();
                int expectedErrors = 2;
                for (int i = 0; i < 400; i++) {
                    SampleGenerator.Sample s = gen.next(now + i);
                    payloads.add(s.payload);
                    if (INVALID.contains(s.kind)) expectedErrors++;
                    else expectedEvents.add(s.readingId);
                }
                payloads.add("not json at all".getBytes(StandardCharsets.UTF_8));
                payloads.add("{\"reading_id\":\"x\"}".getBytes(StandardCharsets.UTF_8));
                KinesisProducer producer = new KinesisProducer(client, stream, new PartitionKeys("device_id"), 8);
                producer.sendAll(payloads.iterator());
                assertThat(producer.failed()).isZero();

                Process job = startJob(jar, managedFlinkProperties(stream, kinesis.endpoint(), lake), work);
                try {
                    awaitLines(lake, expectedEvents.size() + expectedErrors, job, work.resolve("job.log"), Duration.ofMinutes(4));
                    assertListensOnLoopbackOnly(job.pid());
                } finally {
                    job.destroy();
                    if (!job.waitFor(20, TimeUnit.SECONDS)) job.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }

                List<JsonNode> events = rows(lake.resolve("events"));
                List<JsonNode> errors = rows(lake.resolve("errors"));
                Set<String> ids = events.stream().map(e -> e.get("reading_id").asText())
                        .collect(Collectors.toCollection(TreeSet::new));
                assertThat(ids).isEqualTo(expectedEvents);
                assertThat(events).hasSize(expectedEvents.size()); // exactly once: no duplicates
                assertThat(errors).hasSize(expectedErrors);
                assertThat(errors).extracting(e -> e.get("error_type").asText()).contains("MALFORMED_JSON");
                // Configuration from the property-group file reached the job: the PII column is masked.
                assertThat(events).allSatisfy(e -> {
                    if (e.has("owner_email")) assertThat(e.get("owner_email").asText()).startsWith("*");
                });
                assertThat(events.get(0).get("event_time").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
            }
        }
    }

    /** A file in the shape Managed Flink hands to the application (application_properties.json). */
    private Path managedFlinkProperties(String stream, String endpoint, Path lake) throws IOException {
        Path file = work.resolve("application_properties.json");
        Files.writeString(file, "[\n"
                + "  {\"PropertyGroupId\": \"source\", \"PropertyMap\": {\"stream\": \"" + stream + "\","
                + " \"region\": \"us-east-1\", \"endpoint\": \"" + endpoint + "\", \"initial-position\": \"TRIM_HORIZON\","
                + " \"polling.interval\": \"100 ms\"}},\n"
                + "  {\"PropertyGroupId\": \"lake\", \"PropertyMap\": {\"path\": \"" + lake.toUri() + "\","
                + " \"checkpoint-interval\": \"2 s\", \"errors.format\": \"parquet\"}},\n"
                + "  {\"PropertyGroupId\": \"validation\", \"PropertyMap\": {\"schema\": \"classpath:schemas/sensor-readings.json\"}},\n"
                + "  {\"PropertyGroupId\": \"transform\", \"PropertyMap\": {\"mask\": \"owner_email\"}}\n"
                + "]\n");
        return file;
    }

    private static Process startJob(Path jar, Path properties, Path work) throws IOException {
        Path confDir = Files.createDirectories(work.resolve("flink-conf"));
        Files.writeString(confDir.resolve("flink-conf.yaml"), String.join("\n",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: 0",
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.rpc.address: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.host: 127.0.0.1",
                "blob.server.port: 0",
                "parallelism.default: 2",
                "taskmanager.numberOfTaskSlots: 2",
                "state.checkpoints.dir: " + work.resolve("checkpoints").toUri(),
                ""));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens")) cmd.add(arg); // Flink's Java 17 flags
        }
        cmd.addAll(List.of("-Xmx768m",
                "-Dlog4j.configurationFile=" + DeployFiles.root().resolve("conf/log4j2.properties"),
                "-cp", jar + File.pathSeparator + flinkRuntimeClasspath(),
                "dev.streamlake.job.StreamingJob", "--config", properties.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("job.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().put("FLINK_CONF_DIR", confDir.toString());
        pb.environment().put("AWS_ACCESS_KEY_ID", "local"); // the default chain, as on AWS
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        return pb.start();
    }

    /** What a Flink runtime has: the test classpath less everything the jar must bundle. */
    static String flinkRuntimeClasspath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            String norm = entry.replace(File.separatorChar, '/');
            if (BUNDLED.stream().noneMatch(norm::contains)) kept.add(entry);
        }
        assertThat(kept).anyMatch(e -> e.contains("flink-streaming-java")).anyMatch(e -> e.contains("log4j-core"));
        return String.join(File.pathSeparator, kept);
    }

    private static void awaitLines(Path lake, int expected, Process job, Path log, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            if (!job.isAlive()) throw new AssertionError("the job exited with " + job.exitValue() + ":\n" + tail(log));
            seen = Files.isDirectory(lake) ? rows(lake.resolve("events")).size() + rows(lake.resolve("errors")).size() : 0;
            if (seen >= expected) return;
            Thread.sleep(500); // polling a separate JVM's output; the condition, not the clock, ends it
        }
        throw new AssertionError("lake has " + seen + " of " + expected + " rows after " + timeout + ":\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Rows of a lake table: committed part files only (in-progress ones start with '.'). */
    private static List<JsonNode> rows(Path table) throws IOException {
        if (!Files.isDirectory(table)) return List.of();
        List<JsonNode> out = new ArrayList<>();
        List<Path> parts;
        try (Stream<Path> files = Files.walk(table)) {
            parts = files.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        for (Path part : parts) {
            String name = part.getFileName().toString();
            if (name.startsWith(".")) continue;
            assertThat(part.getParent().getFileName().toString()).matches("dt=\\d{4}-\\d\\d-\\d\\d-\\d\\d");
            if (table.getFileName().toString().equals("errors")) {
                // Written as Parquet (lake.errors.format): Hadoop and Parquet come from the jar.
                assertThat(name).startsWith("part").endsWith(".parquet");
                LakeFiles.readParquet(part, Set.of()).forEach(r -> out.add(r.row()));
                continue;
            }
            assertThat(name).startsWith("part").endsWith(".json.gz");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(part)), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static void assertListensOnLoopbackOnly(long pid) throws Exception {
        Process ss = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
        List<String> mine = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("pid=" + pid + ","))
                .collect(Collectors.toList());
        ss.waitFor(10, TimeUnit.SECONDS);
        assertThat(mine).as("the job's listening sockets").isNotEmpty()
                .allSatisfy(l -> assertThat(l.split("\\s+")[3]).matches("(127\\.0\\.0\\.1|\\[::ffff:127\\.0\\.0\\.1]):\\d+"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
