package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.firehose.FailOnceInLambdaBatch;
import dev.streamlake.e2e.firehose.UnwrapEnvelopeHandler;
import dev.streamlake.e2e.support.BatchesAroundAFailure;
import dev.streamlake.e2e.support.FailOnceIo;
import dev.streamlake.e2e.support.HandMade;
import dev.streamlake.e2e.support.JobCounters;
import dev.streamlake.e2e.support.JobSettings;
import dev.streamlake.e2e.support.KinesisFixture;
import dev.streamlake.e2e.support.LakeFiles;
import dev.streamlake.e2e.support.LakeFiles.LakeRow;
import dev.streamlake.e2e.support.Ledger;
import dev.streamlake.e2e.support.MiniClusterJob;
import dev.streamlake.e2e.support.NodeProducer;
import dev.streamlake.e2e.support.NodeProducer.Entry;
import dev.streamlake.e2e.support.ShardMap;
import dev.streamlake.e2e.support.TestCluster;
import dev.streamlake.job.config.FirehoseLambdaOptions;
import dev.streamlake.job.config.FlagOptions;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.ScoringOptions;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.config.SourceOptions.Reader;
import dev.streamlake.job.config.TransformOptions;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.udfs.anomaly.flag.FlagPolicy.Rule;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.record.ErrorType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole data path on real parts: kinesis-local (node, on a free loopback port) fed by the
 * producer, the job's own {@link LakePipeline#wire} with the real Kinesis consumer on a
 * MiniCluster, and a lake on local disk. Every record produced is accounted for by its id.
 */
class KinesisToLakeIT {
    @RegisterExtension static final MiniClusterExtension FLINK = TestCluster.extension();

    @RegisterExtension static final KinesisFixture kinesis = KinesisFixture.perClass();

    @Test
    void everyRecordLandsExactlyOnceInItsHourOrInErrorsAcrossAnInjectedFailure(@TempDir Path tmp)
            throws Exception {
        String stream = kinesis.createStream("readings-polling", 2);
        Ledger fx = new Ledger(7, System.currentTimeMillis());
        BatchesAroundAFailure batches = BatchesAroundAFailure.of(fx, 400);
        // One KPL aggregate made by AWS's library, its user records' keys on both shards.
        List<Entry> aggregated =
                List.of(
                        new Entry("kpl-a", fx.valid("kpl-1", fx.now() - 10_000)),
                        new Entry("kpl-b", fx.valid("kpl-2", fx.now() - 20_000)),
                        new Entry("kpl-c", fx.valid("kpl-3", fx.now() - 30_000)));
        assertThat(
                        ShardMap.of(kinesis.client(), stream)
                                .shardsOf(List.of("kpl-a", "kpl-b", "kpl-c")))
                .hasSize(2);

        Path lake = tmp.resolve("lake");
        JobConfig cfg = settings(stream, lake, Reader.POLLING).config();
        String run = "run-" + System.nanoTime();
        MiniClusterJob job =
                MiniClusterJob.start(
                        FLINK,
                        new FailOnceIo(cfg, BatchesAroundAFailure.MARKER, run),
                        cfg,
                        "kinesis-to-lake-it");

        kinesis.send(stream, batches.first());
        // A checkpoint has committed files before the failure, so the restart must not repeat them.
        LakeFiles.awaitFirstCommit(lake);
        kinesis.send(stream, batches.second());
        NodeProducer.Summary agg =
                new NodeProducer(kinesis.endpoint(), tmp).aggregated(stream, aggregated, 3);
        assertThat(agg.sent()).isEqualTo(1);

        fx.awaitLanded(lake);
        fx.assertCountedAfterRestart(job.counters(), batches.size() + 1, batches.size() + 3);
        job.stopWithSavepoint(tmp);

        assertThat(FailOnceIo.injected(run)).as("failures injected").isEqualTo(1);
        fx.assertExactlyOnce(
                lake,
                "task failure mid-stream, restart from the last checkpoint",
                "fails once on a marked record after files were committed; includes bad and KPL-aggregated records");

        List<LakeRow> events = LakeFiles.read(lake, LakeLayout.EVENTS);
        assertThat(events)
                .allSatisfy(
                        r -> {
                            assertThat(r.text("shard_id")).startsWith("shardId-");
                            assertThat(r.text("sequence_number")).isNotBlank();
                            assertThat(r.text("arrival_time"))
                                    .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
                        });
        List<LakeRow> generated =
                events.stream().filter(r -> r.text("reading_id").startsWith("r-")).toList();
        assertThat(generated)
                .hasSizeGreaterThan(600)
                .allSatisfy(
                        r -> {
                            assertThat(r.text("owner_email"))
                                    .as("masked")
                                    .doesNotContain("owner")
                                    .endsWith(".com");
                            assertThat(r.row().path("attributes").path("location").isObject())
                                    .as("nested JSON kept nested")
                                    .isTrue();
                        });
        assertThat(LakeFiles.committedFiles(lake, LakeLayout.EVENTS))
                .allSatisfy(
                        f ->
                                assertThat(f.getFileName().toString())
                                        .startsWith("part-")
                                        .endsWith(".json.gz"));
    }

    @Test
    void enhancedFanOutReadsEveryRecord(@TempDir Path tmp) throws Exception {
        String stream = kinesis.createStream("readings-efo", 1);
        Ledger fx = new Ledger(11, System.currentTimeMillis());
        List<byte[]> records = fx.generated(150);

        Path lake = tmp.resolve("lake");
        JobConfig cfg = settings(stream, lake, Reader.EFO).config();
        runUntilLanded(cfg, stream, records, fx, lake, tmp, "efo-it");
    }

    @Test
    void scoringAddsScoresToEveryEventAndWritesTheAnomaliesTable(@TempDir Path tmp)
            throws Exception {
        String stream = kinesis.createStream("readings-scored", 2);
        Ledger fx = new Ledger(12, System.currentTimeMillis());
        List<byte[]> records = fx.generated(1500); // spikes among them: 2 % of 40 devices' readings

        Path lake = tmp.resolve("lake");
        JobConfig cfg =
                settings(stream, lake, Reader.POLLING)
                        .set(ScoringOptions.ENABLED, true)
                        .set(ScoringOptions.FEATURES, List.of("temperature", "humidity"))
                        .set(ScoringOptions.SAMPLE_SIZE, 64)
                        .set(ScoringOptions.OUTPUT_AFTER, 16)
                        .set(ScoringOptions.THRESHOLD, 2.0)
                        .set(FlagOptions.RULE, Rule.FIXED) // anomalies: exactly the scores >= 2
                        .config();
        runUntilLanded(cfg, stream, records, fx, lake, tmp, "scored-it");

        List<LakeRow> events = LakeFiles.read(lake, LakeLayout.EVENTS);
        assertThat(events)
                .allSatisfy(
                        r -> {
                            assertThat(r.row().path("anomaly_score").isNumber())
                                    .as("scored: " + r.row())
                                    .isTrue();
                            // scoring.explain=FLAGGED, the default: exactly the anomalies-table
                            // rows are explained.
                            if (r.row().path("anomaly_score").asDouble() >= 2.0) {
                                assertThat(r.text("anomaly_explanation"))
                                        .contains("\"temperature\":{\"DIRECTION\":");
                            } else {
                                assertThat(r.row().path("anomaly_explanation").isTextual())
                                        .as("not explained: " + r.row())
                                        .isFalse();
                            }
                        });
        Map<String, Double> scoreById = new HashMap<>();
        events.forEach(
                r -> scoreById.put(r.text("reading_id"), r.row().path("anomaly_score").asDouble()));
        List<LakeRow> anomalies = LakeFiles.read(lake, LakeLayout.ANOMALIES);
        assertThat(anomalies)
                .as("anomalies found among %d events", events.size())
                .isNotEmpty()
                .allSatisfy(
                        r -> {
                            assertThat(r.row().path("anomaly_score").asDouble())
                                    .isGreaterThanOrEqualTo(2.0)
                                    .isEqualTo(scoreById.get(r.text("reading_id")));
                            assertThat(r.text("anomaly_explanation"))
                                    .contains("\"ATTRIBUTION_SCORE\":\"");
                            assertThat(r.partition())
                                    .isEqualTo(
                                            LakeLayout.partitionOf(
                                                    java.time.LocalDateTime.parse(
                                                                    r.text("event_time")
                                                                            .replace(' ', 'T'))
                                                            .toInstant(java.time.ZoneOffset.UTC)
                                                            .toEpochMilli()));
                        });
        assertThat(anomalies).extracting(r -> r.text("reading_id")).doesNotHaveDuplicates();
        assertThat(anomalies.size())
                .isEqualTo(scoreById.values().stream().filter(v -> v >= 2.0).count());
    }

    /**
     * A Firehose user's Java transformation Lambda ({@link UnwrapEnvelopeHandler}, written the way
     * AWS's Java sample writes one) run unchanged by the job: its {@code Ok} data is what gets
     * validated and written, its {@code Dropped} records are only counted, its {@code
     * ProcessingFailed} ones are in errors with their original payload. A task failure injected
     * while the Lambda step emits a batch's results, after files were committed, neither loses nor
     * repeats a record.
     */
    @Test
    void theLambdasResultsReachTheLakeExactlyOnceAcrossATaskFailureMidBatch(@TempDir Path tmp)
            throws Exception {
        String stream = kinesis.createStream("firehose-lambda", 2);
        Ledger fx = new Ledger(16, System.currentTimeMillis());
        List<byte[]> first =
                fx.generated(
                        300); // TEST readings: dropped by the Lambda before transform.drop-if sees
        // them
        first.addAll(wrappedAndRejected(fx, 0, 10));
        List<byte[]> second = fx.generated(150);
        second.add(
                fx.valid(
                        FailOnceInLambdaBatch.MARKER,
                        fx.now() - 20 * 60_000L)); // the task fails on it, once
        second.addAll(fx.generated(150));
        second.addAll(wrappedAndRejected(fx, 10, 10));

        Path lake = tmp.resolve("lake");
        JobConfig cfg =
                settings(stream, lake, Reader.POLLING)
                        .set(FirehoseLambdaOptions.HANDLER, UnwrapEnvelopeHandler.class.getName())
                        .set(FirehoseLambdaOptions.BUFFER_RECORDS, 64)
                        // batches close on size and at checkpoints
                        .set(FirehoseLambdaOptions.BUFFER_INTERVAL, Duration.ofHours(1))
                        .set(
                                FirehoseLambdaOptions.DELIVERY_STREAM_ARN,
                                "arn:aws:firehose:us-east-1:123456789012:deliverystream/readings")
                        .set(TransformOptions.CLASS, FailOnceInLambdaBatch.class.getName())
                        .config();
        MiniClusterJob job =
                MiniClusterJob.start(FLINK, new KinesisLakeIo(cfg), cfg, "firehose-lambda-it");

        kinesis.send(stream, first);
        LakeFiles.awaitFirstCommit(lake);
        kinesis.send(stream, second);

        fx.awaitLanded(lake);
        JobCounters counters = job.counters();
        job.stopWithSavepoint(tmp);

        assertThat(counters.restarts()).as("restarts after the injected failure").isEqualTo(1);
        fx.assertExactlyOnce(
                lake,
                "Firehose Lambda step: task failure while it emits a batch's results",
                "Java Firehose handler in-process, 64-record batches; fails once mid-batch after files were committed");

        List<LakeRow> rejected =
                LakeFiles.read(lake, LakeLayout.ERRORS).stream()
                        .filter(r -> r.text("payload").contains("\"lambda\":\"reject\""))
                        .toList();
        assertThat(rejected)
                .hasSize(20)
                .allSatisfy(
                        r -> {
                            assertThat(r.text("error_type"))
                                    .isEqualTo(ErrorType.TRANSFORM_FAILED.name());
                            assertThat(r.text("error_message"))
                                    .isEqualTo(
                                            "Firehose Lambda "
                                                    + UnwrapEnvelopeHandler.class.getName()
                                                    + "::handleRequest returned ProcessingFailed");
                            assertThat(r.text("payload"))
                                    .startsWith("{\"reading_id\":\"hm-reject-"); // the original, as
                            // sent
                        });
        List<LakeRow> unwrapped =
                LakeFiles.read(lake, LakeLayout.EVENTS).stream()
                        .filter(r -> r.text("reading_id").startsWith("hm-env-"))
                        .toList();
        assertThat(unwrapped)
                .hasSize(20)
                .allSatisfy(r -> assertThat(r.text("shard_id")).startsWith("shardId-"));
    }

    // ---------------------------------------------------------------------------------------

    /**
     * Runs the job over {@code stream}, sends {@code records}, waits until each is in the lake,
     * checks the job's counters, stops it with a savepoint and checks exactly once.
     */
    private static void runUntilLanded(
            JobConfig cfg,
            String stream,
            List<byte[]> records,
            Ledger fx,
            Path lake,
            Path tmp,
            String jobName)
            throws Exception {
        MiniClusterJob job = MiniClusterJob.start(FLINK, new KinesisLakeIo(cfg), cfg, jobName);
        kinesis.send(stream, records);
        job.finish(fx, lake, records.size(), records.size(), tmp, null, "");
    }

    static JobSettings settings(String stream, Path lake, Reader reader) {
        return HandMade.settings(kinesis.settings(stream))
                .set(SourceOptions.READER, reader)
                .set(SourceOptions.EFO_CONSUMER_NAME, "it-" + stream)
                .set(LakeOptions.PATH, lake.toUri().toString());
    }

    /** Records in an envelope the Lambda unwraps (then valid), and records it rejects. */
    private static List<byte[]> wrappedAndRejected(Ledger fx, int from, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            byte[] reading = fx.valid("hm-env-" + i, fx.now() - i * 60_000L);
            out.add(
                    ("{\"envelope\":" + new String(reading, StandardCharsets.UTF_8) + "}")
                            .getBytes(StandardCharsets.UTF_8));
            String ts = "\"" + Instant.ofEpochMilli(fx.now() - i * 60_000L) + "\"";
            out.add(
                    fx.failing(
                            "hm-reject-" + i,
                            ErrorType.TRANSFORM_FAILED,
                            Ledger.reading("hm-reject-" + i, ts, ",\"lambda\":\"reject\"", 3300)));
        }
        return out;
    }
}
