package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.Corpus;
import dev.streamlake.e2e.support.KinesisFixture;
import dev.streamlake.e2e.support.LakeFiles;
import dev.streamlake.e2e.support.LakeFiles.LakeRow;
import dev.streamlake.e2e.support.MiniClusterJob;
import dev.streamlake.e2e.support.ReliabilityReport;
import dev.streamlake.e2e.support.TestCluster;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.ScoringOptions;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.config.TransformOptions;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.udfs.lake.LakeLayout;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A few hundred generated hostile records (seeded) through kinesis-local into the whole job, with
 * scoring on, events as GZIP JSON and errors as Parquet, and restarts switched off: a record that
 * made any operator or writer throw would fail the job and this test. Kinds: random bytes;
 * near-JSON (valid readings with bytes flipped, inserted or cut); Unicode edges in every column
 * (astral characters raw and escaped, lone and reversed surrogate escapes, noncharacters, control
 * escapes, a BOM, UTF-16); extreme numbers (±1.8e308 as scored features, 1e400, huge integers);
 * nesting at and over the depth limit; strings near and over the size limit. A careless user
 * transform ({@link CarelessTransform}) then breaks some rows the validator accepted (a lone
 * surrogate, NaN, a wrong type), which must become ENCODING_FAILED (TRANSFORM_FAILED for the wrong
 * type, which Flink's serializer would have thrown on) error rows.
 *
 * <p>Every record is found exactly once, in events or in errors, by its Kinesis sequence number
 * (both tables carry it), and afterwards a valid record still lands. The producer is the AWS SDK's
 * Kinesis client against kinesis-local; the records are ours (the point is hostility).
 */
class HostileInputFuzzIT {
    private static final long SEED = 20261201L;
    private static final int RECORDS = 300;
    private static final int MAX_DEPTH = 64; // validation.max-nesting-depth's default
    private static final int MAX_BYTES = 64 * 1024;

    @RegisterExtension static final MiniClusterExtension FLINK = TestCluster.extension();

    @Test
    void everyHostileRecordEndsOnceAndTheJobNeverRestarts(@TempDir Path tmp) throws Exception {
        try (KinesisFixture kinesis = KinesisFixture.start(tmp)) {
            KinesisClient client = kinesis.client();
            String stream = "fuzz";
            Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));
            Random random = new Random(SEED);
            long now = System.currentTimeMillis();
            List<Hostile> records = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) records.add(hostile(random, i, now));
            Map<String, Hostile> bySequence = put(client, stream, records);

            Path lake = tmp.resolve("lake");
            JobConfig cfg =
                    Corpus.config(
                            Map.ofEntries(
                                    Map.entry(SourceOptions.STREAM.key(), stream),
                                    Map.entry(SourceOptions.ENDPOINT.key(), kinesis.endpoint()),
                                    Map.entry(SourceOptions.INITIAL_POSITION.key(), "TRIM_HORIZON"),
                                    Map.entry(SourceOptions.POLL_INTERVAL.key(), "50 ms"),
                                    Map.entry(LakeOptions.PATH.key(), lake.toUri().toString()),
                                    Map.entry(LakeOptions.ERRORS_FORMAT.key(), "parquet"),
                                    Map.entry(ScoringOptions.ENABLED.key(), "true"),
                                    Map.entry(
                                            ScoringOptions.FEATURES.key(), "temperature;humidity"),
                                    Map.entry(ScoringOptions.TREES.key(), "20"),
                                    Map.entry(ScoringOptions.SAMPLE_SIZE.key(), "32"),
                                    Map.entry(
                                            TransformOptions.CLASS.key(),
                                            CarelessTransform.class.getName())));
            StreamExecutionEnvironment env = TestCluster.withoutRestarts();
            LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
            JobClient job = env.executeAsync("hostile-input-fuzz");

            awaitRows(job, lake, bySequence.size());
            // The job took all of that: a valid record sent now still lands in events.
            Hostile last =
                    new Hostile(
                            "valid",
                            "fz-last",
                            reading("fz-last", "\"dev-1\"", now, "21.5", "{}")
                                    .getBytes(StandardCharsets.UTF_8));
            bySequence.putAll(put(client, stream, List.of(last)));
            awaitRows(job, lake, bySequence.size());
            MiniClusterJob.stopWithSavepoint(job, tmp);

            Map<String, List<String>> found = outcomes(lake);
            long rows = found.values().stream().mapToLong(List::size).sum();
            long duplicates = found.values().stream().mapToLong(v -> v.size() - 1).sum();
            long lost = bySequence.keySet().stream().filter(s -> !found.containsKey(s)).count();
            Map<String, Long> outcomes =
                    found.values().stream()
                            .collect(
                                    Collectors.groupingBy(
                                            v -> v.get(0), TreeMap::new, Collectors.counting()));
            ReliabilityReport.row(
                    "hostile-input fuzz (seeded, " + kinds(records) + "), restarts switched off",
                    bySequence.size(),
                    rows,
                    0,
                    duplicates,
                    lost,
                    "job never failed; then a valid record landed; a careless transform.class broke some accepted rows; outcomes: "
                            + outcomes.entrySet().stream()
                                    .map(e -> e.getKey() + " " + e.getValue())
                                    .collect(Collectors.joining(", ")));

            assertThat(found.keySet())
                    .as("nothing but what was sent")
                    .isSubsetOf(bySequence.keySet());
            assertThat(lost).as("lost").isZero();
            assertThat(duplicates).as("duplicates").isZero();
            String lastSequence =
                    bySequence.entrySet().stream()
                            .filter(e -> e.getValue() == last)
                            .map(Map.Entry::getKey)
                            .findFirst()
                            .orElseThrow();
            assertThat(found.get(lastSequence)).containsExactly("EVENTS");
            // Each kind of hostility met more than one outcome, and everything the job wrote reads
            // back.
            assertThat(outcomes.keySet())
                    .contains(
                            "EVENTS",
                            "MALFORMED_JSON",
                            "INVALID_UTF8",
                            "INVALID_UNICODE",
                            "LIMIT_EXCEEDED",
                            "OVERSIZED",
                            "WRONG_TYPE",
                            "ENCODING_FAILED",
                            "TRANSFORM_FAILED");
            // An ENCODING_FAILED row keeps the record as it arrived, and says which column and why.
            for (LakeRow r : LakeFiles.read(lake, LakeLayout.ERRORS)) {
                if (!"ENCODING_FAILED".equals(r.text("error_type"))) continue;
                Hostile h = bySequence.get(r.text("sequence_number"));
                assertThat(r.text("payload").getBytes(StandardCharsets.UTF_8)).isEqualTo(h.payload);
                assertThat(r.text("error_message"))
                        .startsWith("events table: column ")
                        .containsAnyOf("owner_email", "temperature");
            }
        }
    }

    /**
     * Puts the records (batches of 25) and returns them by the sequence number Kinesis gave each.
     */
    private static Map<String, Hostile> put(
            KinesisClient client, String stream, List<Hostile> records) {
        Map<String, Hostile> bySequence = new TreeMap<>();
        for (int i = 0; i < records.size(); i += 25) {
            List<Hostile> batch = records.subList(i, Math.min(records.size(), i + 25));
            List<PutRecordsRequestEntry> entries =
                    batch.stream()
                            .map(
                                    h ->
                                            PutRecordsRequestEntry.builder()
                                                    .partitionKey(h.id)
                                                    .data(SdkBytes.fromByteArray(h.payload))
                                                    .build())
                            .collect(Collectors.toList());
            var result = client.putRecords(b -> b.streamName(stream).records(entries));
            assertThat(result.failedRecordCount()).isZero();
            List<PutRecordsResultEntry> out = result.records();
            for (int k = 0; k < batch.size(); k++)
                bySequence.put(out.get(k).sequenceNumber(), batch.get(k));
        }
        return bySequence;
    }

    private static void awaitRows(JobClient job, Path lake, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (rowCount(lake) < expected && System.nanoTime() < deadline) {
            assertThat(job.getJobStatus().get())
                    .as("job status (restarts are off: a failure ends it)")
                    .isIn(JobStatus.INITIALIZING, JobStatus.CREATED, JobStatus.RUNNING);
            Thread.sleep(250);
        }
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    }

    private static long rowCount(Path lake) {
        return LakeFiles.read(lake, LakeLayout.EVENTS).size()
                + LakeFiles.read(lake, LakeLayout.ERRORS).size();
    }

    /** Sequence number to outcomes: "EVENTS" or the error_type, one entry per row found. */
    private static Map<String, List<String>> outcomes(Path lake) {
        Map<String, List<String>> seen = new TreeMap<>();
        for (LakeRow r : LakeFiles.read(lake, LakeLayout.EVENTS)) {
            seen.computeIfAbsent(r.text("sequence_number"), k -> new ArrayList<>()).add("EVENTS");
        }
        for (LakeRow r : LakeFiles.read(lake, LakeLayout.ERRORS)) {
            seen.computeIfAbsent(r.text("sequence_number"), k -> new ArrayList<>())
                    .add(r.text("error_type"));
        }
        return seen;
    }

    private static String kinds(List<Hostile> records) {
        return records.stream()
                .collect(Collectors.groupingBy(h -> h.kind, TreeMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    // --- the records ---------------------------------------------------------------------------

    record Hostile(String kind, String id, byte[] payload) {}

    static String reading(
            String id, String device, long ts, String temperature, String attributes) {
        return "{\"reading_id\":\""
                + id
                + "\",\"device_id\":"
                + device
                + ",\"ts\":\""
                + Instant.ofEpochMilli(ts)
                + "\",\"temperature\":"
                + temperature
                + ",\"humidity\":"
                + "45.5"
                + ",\"battery_mv\":3300"
                + ",\"attributes\":"
                + attributes
                + "}";
    }

    private static final String[] UNICODE = {
        "😀",
        "\\ud83d\\ude00",
        "\\uD83D\\uDE00",
        "\\ud800",
        "\\udfff",
        "\\ude00\\ud83d",
        "x\\ud800y",
        "\uFFFF",
        "\uFDD0",
        "\\uffff",
        "\\u0000",
        "\\u001f",
        "\\n\\t",
        "é",
        "\u2028",
        "\\\"",
        "\uDBFF\uDFFF",
        "\\udbff\\udfff"
    };
    private static final String INSERTS = "{}[]\",:\\ \u0000e-";
    private static final String[] NUMBERS = {
        "1.7976931348623157e308",
        "-1.7976931348623157e308",
        "1e400",
        "-1e400",
        "4.9e-324",
        "-0.0",
        "1e-400",
        "9223372036854775808",
        "123456789012345678901234567890",
        "0.1",
        "1E2",
        "12.50"
    };

    static Hostile hostile(Random r, int i, long now) {
        String id = "fz-" + i;
        long ts = now - r.nextInt(3_600_000);
        String device = "\"dev-" + r.nextInt(5) + "\"";
        switch (i % 7) {
            case 0:
                { // random bytes
                    byte[] b = new byte[r.nextInt(300)];
                    r.nextBytes(b);
                    return new Hostile("random bytes", id, b);
                }
            case 1:
                { // a valid reading, mutated
                    byte[] b =
                            reading(id, device, ts, "21.5", "{\"fw\":\"1.2\"}")
                                    .getBytes(StandardCharsets.UTF_8);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (byte x : b) {
                        int dice = r.nextInt(60);
                        if (dice == 0) continue; // cut
                        if (dice == 1)
                            out.write(INSERTS.charAt(r.nextInt(INSERTS.length()))); // insert
                        out.write(dice == 2 ? (byte) (x ^ (1 << r.nextInt(8))) : x); // flip a bit
                    }
                    return new Hostile("near-JSON", id, out.toByteArray());
                }
            case 2:
                { // Unicode edges in a string column, a key and the json column
                    String u = UNICODE[r.nextInt(UNICODE.length)];
                    String v = UNICODE[r.nextInt(UNICODE.length)];
                    String text =
                            reading(
                                    id,
                                    "\"dev-" + u + "\"",
                                    ts,
                                    "21.5",
                                    "{\"k" + v + "\":[\"" + u + "\",{\"" + u + "\":1}]}");
                    byte[] b =
                            r.nextInt(6) == 0
                                    ? ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8)
                                    : r.nextInt(6) == 0
                                            ? text.getBytes(StandardCharsets.UTF_16LE)
                                            : text.getBytes(StandardCharsets.UTF_8);
                    return new Hostile("Unicode edges", id, b);
                }
            case 3:
                { // extreme numbers, in the scored features too
                    String t = NUMBERS[r.nextInt(NUMBERS.length)];
                    String text =
                            reading(
                                            id,
                                            device,
                                            ts,
                                            t,
                                            "{\"n\":" + NUMBERS[r.nextInt(NUMBERS.length)] + "}")
                                    .replace(
                                            "\"humidity\":45.5",
                                            "\"humidity\":" + NUMBERS[r.nextInt(NUMBERS.length)]);
                    return new Hostile(
                            "extreme numbers", id, text.getBytes(StandardCharsets.UTF_8));
                }
            case 4:
                { // nesting at, just under and over the limit (the record itself is one level)
                    int depth = MAX_DEPTH - 2 + r.nextInt(4);
                    String nested = "[".repeat(depth - 1) + "]".repeat(depth - 1);
                    return new Hostile(
                            "deep nesting",
                            id,
                            reading(id, device, ts, "21.5", nested)
                                    .getBytes(StandardCharsets.UTF_8));
                }
            case 5:
                { // strings near and over the size limit
                    int room = MAX_BYTES - reading(id, device, ts, "21.5", "\"\"").length();
                    String big = "a".repeat(room - 2 + r.nextInt(5));
                    return new Hostile(
                            "huge strings",
                            id,
                            reading(id, device, ts, "21.5", "\"" + big + "\"")
                                    .getBytes(StandardCharsets.UTF_8));
                }
            default: // a valid reading, so the forests have something to learn
                return new Hostile(
                        "valid",
                        id,
                        reading(id, device, ts, String.valueOf(20 + r.nextGaussian()), "{}")
                                .getBytes(StandardCharsets.UTF_8));
        }
    }
}
