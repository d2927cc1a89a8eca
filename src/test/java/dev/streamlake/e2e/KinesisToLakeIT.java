package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.Kpl;
import dev.streamlake.e2e.support.LakeFiles;
import dev.streamlake.e2e.support.LakeFiles.LakeRow;
import dev.streamlake.e2e.support.Ports;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.local.KinesisLocal;
import dev.streamlake.job.local.LocalRun;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.job.producer.Kinesis;
import dev.streamlake.job.producer.KinesisProducer;
import dev.streamlake.job.producer.PartitionKeys;
import dev.streamlake.job.producer.SampleGenerator;
import dev.streamlake.job.producer.SampleGenerator.Sample;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.validate.ErrorType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The whole data path on real parts: kinesis-local (node, on a free loopback port) fed by the
 * producer, the job's own {@link LakePipeline#wire} with the real Kinesis consumer on a
 * MiniCluster, and a lake on local disk. Every record produced is accounted for by its id.
 */
class KinesisToLakeIT {
    private static final Pattern ID = Pattern.compile("(r-\\d+-\\d+|hm-[a-z0-9-]+|kpl-\\d+)");
    private static final long HOUR = 3_600_000L;
    /** Failures injected per test run, keyed by run; read by the test after the job ends. */
    private static final Map<String, Integer> INJECTED = new ConcurrentHashMap<>();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir static Path work;
    static KinesisLocal kinesis;
    static KinesisClient client;

    @BeforeAll
    static void startKinesis() {
        LocalRun.useEmulatorIdentity();
        kinesis = KinesisLocal.start(Ports.free(), Ports.free(), work.resolve("kinesis-local.log"));
        client = Kinesis.client("us-east-1", kinesis.endpoint());
    }

    @AfterAll
    static void stopKinesis() {
        if (client != null) client.close();
        if (kinesis != null) {
            kinesis.close();
            assertThat(kinesis.isAlive()).as("kinesis-local stopped").isFalse();
        }
    }

    @Test
    void everyRecordLandsExactlyOnceInItsHourOrInErrorsAcrossAnInjectedFailure(@TempDir Path tmp)
            throws Exception {
        String stream = "readings-polling";
        Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));
        Fixture fx = new Fixture(7, System.currentTimeMillis());
        List<byte[]> first = fx.generated(400);
        first.addAll(fx.handMade());
        List<byte[]> second = fx.generated(400);
        second.add(fx.valid("hm-marker", fx.now - 30 * 60_000L)); // the task fails on this one, once
        byte[] aggregated = Kpl.aggregate("kpl", List.of(
                fx.valid("kpl-1", fx.now - 10_000), fx.valid("kpl-2", fx.now - 20_000), fx.valid("kpl-3", fx.now - 30_000)));

        Path lake = tmp.resolve("lake");
        JobConfig cfg = config(stream, lake, "POLLING");
        StreamExecutionEnvironment env = environment();
        String run = "run-" + System.nanoTime();
        LakePipeline.wire(env, new FailOnceIo(cfg, "hm-marker", run), cfg);
        JobClient job = env.executeAsync("kinesis-to-lake-it");

        KinesisProducer producer = new KinesisProducer(client, stream, new PartitionKeys("device_id"), 8);
        producer.sendAll(first.iterator());
        // A checkpoint has committed files before the failure, so the restart must not repeat them.
        await("a first checkpoint commits files", () -> !LakeFiles.committedFiles(lake, "events").isEmpty());
        producer.sendAll(second.iterator());
        // As the KPL does: the aggregate goes under its user records' partition key, since the
        // consumer keeps only the user records whose hash falls in the shard's range.
        client.putRecord(b -> b.streamName(stream).partitionKey("kpl").data(SdkBytes.fromByteArray(aggregated)));
        assertThat(producer.failed()).isZero();
        assertThat(producer.sent()).isEqualTo(first.size() + second.size());

        await("every record is in the lake", () -> fx.expected.keySet().stream()
                .filter(id -> !fx.expected.get(id).equals("DROPPED"))
                .allMatch(seen(lake)::containsKey), missing(lake, fx, job));
        job.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);

        assertThat(INJECTED.get(run)).as("failures injected").isEqualTo(1);
        assertLakeMatches(lake, fx);

        List<LakeRow> events = LakeFiles.read(lake, LakeLayout.EVENTS);
        assertThat(events).allSatisfy(r -> {
            assertThat(r.text("shard_id")).startsWith("shardId-");
            assertThat(r.text("sequence_number")).isNotBlank();
            assertThat(r.text("arrival_time")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        });
        List<LakeRow> generated = events.stream().filter(r -> r.text("reading_id").startsWith("r-")).toList();
        assertThat(generated).hasSizeGreaterThan(600).allSatisfy(r -> {
            assertThat(r.text("owner_email")).as("masked").doesNotContain("owner").endsWith(".com");
            assertThat(r.row().path("attributes").path("location").isObject()).as("nested JSON kept nested").isTrue();
        });
        assertThat(LakeFiles.committedFiles(lake, LakeLayout.EVENTS))
                .allSatisfy(f -> assertThat(f.getFileName().toString()).startsWith("part-").endsWith(".json.gz"));
    }

    @Test
    void enhancedFanOutReadsEveryRecord(@TempDir Path tmp) throws Exception {
        String stream = "readings-efo";
        Kinesis.createStream(client, stream, 1, Duration.ofSeconds(30));
        Fixture fx = new Fixture(11, System.currentTimeMillis());
        List<byte[]> records = fx.generated(150);

        Path lake = tmp.resolve("lake");
        JobConfig cfg = config(stream, lake, "EFO");
        StreamExecutionEnvironment env = environment();
        LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
        JobClient job = env.executeAsync("efo-it");
        new KinesisProducer(client, stream, new PartitionKeys("device_id"), 8).sendAll(records.iterator());

        await("every record is in the lake", () -> fx.expected.keySet().stream()
                .filter(id -> !fx.expected.get(id).equals("DROPPED"))
                .allMatch(seen(lake)::containsKey), missing(lake, fx, job));
        job.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        assertLakeMatches(lake, fx);
    }

    // ---------------------------------------------------------------------------------------

    /** Exactly the expected outcome for every id: right partition or right error, never twice. */
    private static void assertLakeMatches(Path lake, Fixture fx) {
        Map<String, List<String>> seen = new TreeMap<>();
        for (LakeRow r : LakeFiles.read(lake, LakeLayout.EVENTS)) {
            String id = r.text("reading_id");
            seen.computeIfAbsent(id, k -> new ArrayList<>()).add(r.partition());
        }
        for (LakeRow r : LakeFiles.read(lake, LakeLayout.ERRORS)) {
            String id = idIn(r);
            seen.computeIfAbsent(id, k -> new ArrayList<>()).add(r.text("error_type"));
            assertThat(r.partition()).as("errors go by arrival hour")
                    .isEqualTo("dt=" + r.text("arrival_time").substring(0, 13).replace(' ', '-'));
            assertThat(r.text("error_message")).isNotBlank();
        }
        Map<String, List<String>> duplicates = seen.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(duplicates).as("records written more than once").isEmpty();
        Map<String, String> actual = seen.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0), (a, b) -> a, TreeMap::new));
        Map<String, String> expected = fx.expected.entrySet().stream()
                .filter(e -> !e.getValue().equals("DROPPED"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertThat(actual).isEqualTo(expected);
        assertThat(fx.expected).containsValue("DROPPED"); // and those are absent, by the equality above
    }

    private static Map<String, Integer> seen(Path lake) {
        Map<String, Integer> ids = new HashMap<>();
        LakeFiles.read(lake, LakeLayout.EVENTS).forEach(r -> ids.merge(r.text("reading_id"), 1, Integer::sum));
        LakeFiles.read(lake, LakeLayout.ERRORS).forEach(r -> ids.merge(idIn(r), 1, Integer::sum));
        return ids;
    }

    private static String idIn(LakeRow errorRow) {
        FailedRecord f = new FailedRecord();
        f.payload = errorRow.text("payload");
        f.payloadEncoding = errorRow.text("payload_encoding");
        Matcher m = ID.matcher(new String(f.payloadBytes(), StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(1) : "unidentified:" + errorRow.row();
    }

    private static JobConfig config(String stream, Path lake, String reader) {
        Map<String, String> c = new HashMap<>();
        c.put("source.stream", stream);
        c.put("source.region", "us-east-1");
        c.put("source.endpoint", kinesis.endpoint());
        c.put("source.initial-position", "TRIM_HORIZON");
        c.put("source.reader", reader);
        c.put("source.efo.consumer-name", "it-" + stream);
        c.put("source.polling.interval", "50 ms");
        c.put("lake.path", lake.toUri().toString());
        c.put("validation.max-record-size", "4 kb");
        c.put("transform.drop-if", "status == 'TEST'");
        c.put("transform.mask", "owner_email");
        c.put("transform.class", RejectNegativeBattery.class.getName());
        return JobConfig.fromMap(c);
    }

    private static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        return env;
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    /** Polls a condition on the lake (no clock in the assertion: the deadline only ends a hung run). */
    private static void await(String what, Supplier<Boolean> condition, Supplier<String> diagnosis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + diagnosis.get());
            }
            Thread.sleep(250);
        }
    }

    private static Supplier<String> missing(Path lake, Fixture fx, JobClient job) {
        return () -> {
            Map<String, Integer> seen = seen(lake);
            List<String> missing = fx.expected.entrySet().stream()
                    .filter(e -> !e.getValue().equals("DROPPED") && !seen.containsKey(e.getKey()))
                    .map(e -> e.getKey() + "=" + e.getValue()).sorted().limit(30).collect(Collectors.toList());
            String status;
            try {
                status = String.valueOf(job.getJobStatus().get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                status = "unknown (" + e + ")";
            }
            return "; job " + status + ", " + seen.size() + " ids in the lake, missing e.g. " + missing;
        };
    }

    /** The records to send, and where each one must end up: a dt= partition, an error type or DROPPED. */
    static final class Fixture {
        final SampleGenerator generator;
        final long now;
        final Map<String, String> expected = new HashMap<>();
        private long next;

        Fixture(long seed, long now) {
            this.generator = new SampleGenerator(seed, 40);
            this.now = now;
        }

        /** Generated readings spread over the last three hours (plus late ones before that). */
        List<byte[]> generated(int count) {
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Sample s = generator.next(now - 3 * HOUR + (next++ * 3 * HOUR) / 1000);
                expected.put(s.readingId, outcome(s));
                out.add(s.payload);
            }
            return out;
        }

        private static String outcome(Sample s) {
            switch (s.kind) {
                case TEST: return "DROPPED";
                case MALFORMED_JSON: return ErrorType.MALFORMED_JSON.name();
                case WRONG_TYPE: return ErrorType.WRONG_TYPE.name();
                case MISSING_FIELD: return ErrorType.MISSING_FIELD.name();
                case INVALID_UTF8: return ErrorType.INVALID_UTF8.name();
                default: return LakeLayout.partitionOf(s.eventTime);
            }
        }

        byte[] valid(String id, long eventTime) {
            expected.put(id, LakeLayout.partitionOf(eventTime));
            return reading(id, "\"" + Instant.ofEpochMilli(eventTime) + "\"", "", 3300).getBytes(StandardCharsets.UTF_8);
        }

        /** One record for each way a record can fail that the generator does not produce. */
        List<byte[]> handMade() {
            List<byte[]> out = new ArrayList<>();
            String iso = "\"" + Instant.ofEpochMilli(now - HOUR) + "\"";
            out.add(bad("hm-oversized", ErrorType.OVERSIZED, reading("hm-oversized", iso, ",\"pad\":\"" + "x".repeat(5000) + "\"", 3300)));
            out.add(bad("hm-future", ErrorType.EVENT_TIME_OUT_OF_RANGE, reading("hm-future", "\"" + Instant.ofEpochMilli(now + 30 * 24 * HOUR) + "\"", "", 3300)));
            out.add(bad("hm-ancient", ErrorType.EVENT_TIME_OUT_OF_RANGE, reading("hm-ancient", "\"1999-01-01T00:00:00Z\"", "", 3300)));
            out.add(bad("hm-badtime", ErrorType.INVALID_EVENT_TIME, reading("hm-badtime", "\"yesterday\"", "", 3300)));
            out.add(bad("hm-array", ErrorType.NOT_AN_OBJECT, "[\"hm-array\"]"));
            out.add(bad("hm-negative-battery", ErrorType.TRANSFORM_FAILED, reading("hm-negative-battery", iso, "", -5)));
            out.add(bad("hm-string-temp", ErrorType.WRONG_TYPE, reading("hm-string-temp", iso, "", 3300).replace("\"temperature\":21.5", "\"temperature\":\"21.5\"")));
            out.add(bad("hm-deep", ErrorType.LIMIT_EXCEEDED, reading("hm-deep", iso, ",\"deep\":" + "[".repeat(100) + "]".repeat(100), 3300)));
            byte[] bom = ("\uFEFF" + reading("hm-bom", iso, "", 3300)).getBytes(StandardCharsets.UTF_8);
            expected.put("hm-bom", LakeLayout.partitionOf(now - HOUR));
            out.add(bom);
            return out;
        }

        private byte[] bad(String id, ErrorType type, String json) {
            expected.put(id, type.name());
            return json.getBytes(StandardCharsets.UTF_8);
        }

        private static String reading(String id, String ts, String extra, int batteryMv) {
            return "{\"reading_id\":\"" + id + "\",\"device_id\":\"dev-hand\",\"ts\":" + ts
                    + ",\"temperature\":21.5,\"battery_mv\":" + batteryMv + extra + "}";
        }
    }

    /** Production I/O with one injected task failure when a marked record passes. */
    static final class FailOnceIo extends KinesisLakeIo {
        private final String marker;
        private final String run;

        FailOnceIo(JobConfig cfg, String marker, String run) {
            super(cfg);
            this.marker = marker;
            this.run = run;
        }

        @Override
        public DataStream<RawRecord> records(StreamExecutionEnvironment env) {
            return super.records(env).map(new FailOnce(marker, run)).uid("inject-failure").name("Inject failure");
        }
    }

    static final class FailOnce extends RichMapFunction<RawRecord, RawRecord> {
        private final String marker;
        private final String run;

        FailOnce(String marker, String run) {
            this.marker = marker;
            this.run = run;
        }

        @Override
        public RawRecord map(RawRecord r) {
            boolean firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
            if (firstAttempt && new String(r.payload, StandardCharsets.ISO_8859_1).contains(marker)) {
                INJECTED.merge(run, 1, Integer::sum);
                throw new IllegalStateException("injected failure at " + marker);
            }
            return r;
        }
    }
}
