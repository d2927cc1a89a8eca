package dev.streamlake.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.e2e.support.JobProcess;
import dev.streamlake.e2e.support.LakeFiles;
import dev.streamlake.e2e.support.Listening;
import dev.streamlake.tools.local.FreePorts;
import dev.streamlake.tools.local.KinesisLocal;
import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.tools.producer.KinesisProducer;
import dev.streamlake.tools.producer.PartitionKeys;
import dev.streamlake.tools.producer.SampleGenerator;
import dev.streamlake.tools.producer.SampleGenerator.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The deployable jar, as built, runs the job in its own JVM: {@code StreamingJob} from the shaded
 * jar plus only what a Flink runtime provides (flink-dist's modules and logging), configured by a
 * file in Managed Flink's property-group JSON shape, reading kinesis-local and writing the lake to
 * local disk.
 */
class DeployableJarRunsLocallyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Kind> INVALID =
            EnumSet.of(Kind.MALFORMED_JSON, Kind.WRONG_TYPE, Kind.MISSING_FIELD, Kind.INVALID_UTF8);
    @TempDir Path work;

    @Test
    void builtJarReadsKinesisAndWritesTheLake() throws Exception {
        Path lake = work.resolve("lake");
        int port = FreePorts.loopback();
        String stream = "e2e-readings";

        try (KinesisLocal kinesis =
                KinesisLocal.start(port, FreePorts.loopback(), work.resolve("kinesis-local.log"))) {
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
                KinesisProducer producer =
                        new KinesisProducer(client, stream, new PartitionKeys("device_id"), 8);
                producer.sendAll(payloads.iterator());
                assertThat(producer.failed()).isZero();

                try (JobProcess job =
                        JobProcess.start(
                                managedFlinkProperties(stream, kinesis.endpoint(), lake),
                                Map.of(),
                                work,
                                "job")) {
                    awaitLines(
                            lake,
                            expectedEvents.size() + expectedErrors,
                            job,
                            Duration.ofMinutes(4));
                    Listening.assertLoopbackOnly(job.pid(), "the job");
                }

                List<JsonNode> events = rows(lake.resolve("events"));
                List<JsonNode> errors = rows(lake.resolve("errors"));
                Set<String> ids =
                        events.stream()
                                .map(e -> e.get("reading_id").asText())
                                .collect(Collectors.toCollection(TreeSet::new));
                assertThat(ids).isEqualTo(expectedEvents);
                assertThat(events).hasSize(expectedEvents.size()); // exactly once: no duplicates
                assertThat(errors).hasSize(expectedErrors);
                assertThat(errors)
                        .extracting(e -> e.get("error_type").asText())
                        .contains("MALFORMED_JSON");
                // Configuration from the property-group file reached the job: the PII column is
                // masked.
                assertThat(events)
                        .allSatisfy(
                                e -> {
                                    if (e.has("owner_email"))
                                        assertThat(e.get("owner_email").asText()).startsWith("*");
                                });
                assertThat(events.get(0).get("event_time").asText())
                        .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
            }
        }
    }

    /** A file in the shape Managed Flink hands to the application (application_properties.json). */
    private Path managedFlinkProperties(String stream, String endpoint, Path lake)
            throws IOException {
        Path file = work.resolve("application_properties.json");
        Files.writeString(
                file,
                "[\n"
                        + "  {\"PropertyGroupId\": \"source\", \"PropertyMap\": {\"stream\": \""
                        + stream
                        + "\","
                        + " \"region\": \"us-east-1\", \"endpoint\": \""
                        + endpoint
                        + "\", \"initial-position\": \"TRIM_HORIZON\","
                        + " \"polling.interval\": \"100 ms\"}},\n"
                        + "  {\"PropertyGroupId\": \"lake\", \"PropertyMap\": {\"path\": \""
                        + lake.toUri()
                        + "\","
                        + " \"checkpoint-interval\": \"2 s\", \"errors.format\": \"parquet\"}},\n"
                        + "  {\"PropertyGroupId\": \"validation\", \"PropertyMap\": {\"schema\": \"classpath:schemas/sensor-readings.json\"}},\n"
                        + "  {\"PropertyGroupId\": \"transform\", \"PropertyMap\": {\"mask\": \"owner_email\"}}\n"
                        + "]\n");
        return file;
    }

    private static void awaitLines(Path lake, int expected, JobProcess job, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            if (!job.isAlive()) throw new AssertionError("the job exited:\n" + job.tail());
            seen =
                    Files.isDirectory(lake)
                            ? rows(lake.resolve("events")).size()
                                    + rows(lake.resolve("errors")).size()
                            : 0;
            if (seen >= expected) return;
            Thread.sleep(
                    500); // polling a separate JVM's output; the condition, not the clock, ends it
        }
        throw new AssertionError(
                "lake has "
                        + seen
                        + " of "
                        + expected
                        + " rows after "
                        + timeout
                        + ":\n"
                        + job.tail());
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
            assertThat(part.getParent().getFileName().toString())
                    .matches("dt=\\d{4}-\\d\\d-\\d\\d-\\d\\d");
            if (table.getFileName().toString().equals("errors")) {
                // Written as Parquet (lake.errors.format): Hadoop and Parquet come from the jar.
                assertThat(name).startsWith("part").endsWith(".parquet");
                LakeFiles.readParquet(part, Set.of()).forEach(r -> out.add(r.row()));
                continue;
            }
            assertThat(name).startsWith("part").endsWith(".json.gz");
            try (BufferedReader r =
                    new BufferedReader(
                            new InputStreamReader(
                                    new GZIPInputStream(Files.newInputStream(part)),
                                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
