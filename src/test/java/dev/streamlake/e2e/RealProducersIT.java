package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.Await;
import dev.streamlake.e2e.support.JobCounters;
import dev.streamlake.e2e.support.JobSettings;
import dev.streamlake.e2e.support.KinesisFixture;
import dev.streamlake.e2e.support.Kpl;
import dev.streamlake.e2e.support.LakeFiles;
import dev.streamlake.e2e.support.Ledger;
import dev.streamlake.e2e.support.NodeProducer;
import dev.streamlake.e2e.support.NodeProducer.Entry;
import dev.streamlake.e2e.support.NodeProducer.Summary;
import dev.streamlake.e2e.support.ShardMap;
import dev.streamlake.e2e.support.TestCluster;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.config.SourceOptions.Reader;
import dev.streamlake.job.config.TransformOptions;
import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.job.pipeline.JobIo;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.udfs.record.ErrorType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The job fed by producers AWS wrote, not us ({@link NodeProducer}): KPL aggregates made by AWS
 * Labs' {@code aws-kinesis-agg}, whose user records carry partition keys of every shard (the
 * library does not know the shard map, so an aggregate lands on the shard of its first key), and
 * plain PutRecords from the SDK v3. Each run counts: every user record once in events or errors (or
 * dropped on purpose), and the job's own counters add up to what the producer reported. Only the
 * broken aggregates are hand-made ({@link Kpl}), since AWS's library cannot make them.
 */
class RealProducersIT {
    private static final int PER_AGGREGATE = 10;
    @RegisterExtension static final MiniClusterExtension FLINK = TestCluster.extension();

    @TempDir static Path work;
    static KinesisFixture kinesis;
    static KinesisClient client;
    static NodeProducer producer;

    @BeforeAll
    static void startKinesis() {
        kinesis = KinesisFixture.start(work);
        client = kinesis.client();
        producer = new NodeProducer(kinesis.endpoint(), work.resolve("producers"));
    }

    @AfterAll
    static void stopKinesis() {
        if (kinesis != null) kinesis.close();
    }

    @Test
    void aggregatesFromAwsKinesisAggWithKeysAcrossShardsLandExactlyOnce(@TempDir Path tmp)
            throws Exception {
        aggregatesLandExactlyOnce(
                "agg-polling",
                "POLLING",
                31,
                300,
                tmp,
                "KPL aggregates from aws-kinesis-agg, keys across shards (polling)");
    }

    @Test
    void aggregatesFromAwsKinesisAggLandExactlyOnceWithEnhancedFanOut(@TempDir Path tmp)
            throws Exception {
        aggregatesLandExactlyOnce(
                "agg-efo",
                "EFO",
                32,
                200,
                tmp,
                "KPL aggregates from aws-kinesis-agg, keys across shards (enhanced fan-out)");
    }

    private void aggregatesLandExactlyOnce(
            String stream, String reader, long seed, int count, Path tmp, String fault)
            throws Exception {
        Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));
        Ledger ledger = new Ledger(seed, System.currentTimeMillis());
        List<Entry> records = keyed(stream, ledger.generated(count));
        assertMostAggregatesSpanShards(stream, records);

        Path lake = tmp.resolve("lake");
        JobConfig cfg = settings(stream, lake, Reader.valueOf(reader)).config();
        JobClient job = start(new KinesisLakeIo(cfg), cfg, stream);
        Summary sent = producer.aggregated(stream, records, PER_AGGREGATE);
        assertSentAll(sent, count, count / PER_AGGREGATE);

        finish(
                job,
                ledger,
                lake,
                tmp,
                sent,
                fault,
                count
                        + " user records in "
                        + sent.kinesisRecords()
                        + " aggregates of "
                        + PER_AGGREGATE
                        + " partition keys each, 2 shards, source.reader="
                        + reader);
    }

    @Test
    void plainPutRecordsFromTheSdkV3LandExactlyOnce(@TempDir Path tmp) throws Exception {
        String stream = "sdk-v3";
        Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));
        Ledger ledger = new Ledger(33, System.currentTimeMillis());
        List<Entry> records = keyed(stream, ledger.generated(300));

        Path lake = tmp.resolve("lake");
        JobConfig cfg = settings(stream, lake, Reader.POLLING).config();
        JobClient job = start(new KinesisLakeIo(cfg), cfg, stream);
        Summary sent = producer.plain(stream, records);
        assertSentAll(sent, 300, 300);

        finish(
                job,
                ledger,
                lake,
                tmp,
                sent,
                "@aws-sdk/client-kinesis (SDK v3) PutRecords",
                "300 records in batches of 100, failed entries retried ("
                        + sent.retried()
                        + " retried), 2 shards");
    }

    /**
     * A restore in the middle of an aggregate's user records: the task fails once ({@link
     * FailOnceMidAggregate}) when the 4th user record of a marked aggregate passes, after a
     * checkpoint has committed files, while the first three are already on their way to the lake.
     * The job restarts from that checkpoint; no user record may be repeated or skipped.
     */
    @Test
    void aRestartInTheMiddleOfAnAggregateNeitherRepeatsNorSkipsUserRecords(@TempDir Path tmp)
            throws Exception {
        String stream = "agg-restart";
        Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));
        Ledger ledger = new Ledger(34, System.currentTimeMillis());
        List<Entry> first = keyed(stream, ledger.generated(200));
        List<byte[]> second = ledger.generated(100);
        for (int i = 0; i < PER_AGGREGATE; i++) { // the 11th aggregate of the second batch
            second.add(ledger.valid("hm-agg-mark-" + i, ledger.now() - 20 * 60_000L - i));
        }
        second.addAll(ledger.generated(100));

        Path lake = tmp.resolve("lake");
        JobConfig cfg =
                settings(stream, lake, Reader.POLLING)
                        .set(TransformOptions.CLASS, FailOnceMidAggregate.class.getName())
                        .config();
        FailOnceMidAggregate.SEEN.remove(FailOnceMidAggregate.MARKER);
        // Checkpoints every 50 ms: one is likely to fall between the failure (on a connector
        // thread)
        // and the task's end, the moment a checkpoint could hold part of the aggregate.
        StreamExecutionEnvironment env = TestCluster.environment(2);
        env.enableCheckpointing(50);
        LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
        JobClient job = env.executeAsync("real-producers-" + stream);
        Summary one = producer.aggregated(stream, first, PER_AGGREGATE);
        assertSentAll(one, 200, 20);
        Await.until(
                "a first checkpoint commits files",
                () -> !LakeFiles.committedFiles(lake, "events").isEmpty(),
                () -> "no files");
        Summary two = producer.aggregated(stream, keyed(stream + "-2", second), PER_AGGREGATE);
        assertSentAll(two, 210, 21);

        Await.until(
                "every record is in the lake",
                () -> ledger.allLanded(lake),
                () -> ledger.missing(lake));
        JobCounters counters = JobCounters.settled(TestCluster.rest(FLINK), job.getJobID());
        ledger.assertCountedAfterRestart(counters, 41, 410);
        stop(job, tmp);
        assertThat(FailOnceMidAggregate.SEEN.get(FailOnceMidAggregate.MARKER))
                .as(
                        "the marked record passed twice: failed the first time, once more after the restore")
                .isEqualTo(2);
        assertThat(counters.restarts()).as("restarts").isEqualTo(1);
        ledger.assertExactlyOnce(
                lake,
                "restart in the middle of an aggregate (aws-kinesis-agg)",
                "task fails once at the 4th of 10 user records of a marked aggregate, after files were committed");
    }

    @Test
    void aggregatesAcrossASplitAndAMergeLandExactlyOnce(@TempDir Path tmp) throws Exception {
        String stream = "agg-reshard";
        Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));
        Ledger ledger = new Ledger(35, System.currentTimeMillis());
        Path lake = tmp.resolve("lake");
        JobConfig cfg =
                settings(stream, lake, Reader.POLLING)
                        .set(SourceOptions.SHARD_DISCOVERY_INTERVAL, Duration.ofMillis(500))
                        .config();
        JobClient job = start(new KinesisLakeIo(cfg), cfg, stream);

        List<Summary> sent = new ArrayList<>();
        sent.add(
                producer.aggregated(
                        stream, keyed(stream + "-1", ledger.generated(100)), PER_AGGREGATE));
        Shard parent = kinesis.splitFirstShard(stream);
        List<Entry> afterSplit = keyed(stream + "-2", ledger.generated(100));
        assertMostAggregatesSpanShards(stream, afterSplit); // now over 3 open shards
        sent.add(producer.aggregated(stream, afterSplit, PER_AGGREGATE));
        kinesis.mergeChildren(stream, parent);
        sent.add(
                producer.aggregated(
                        stream, keyed(stream + "-3", ledger.generated(100)), PER_AGGREGATE));
        assertThat(kinesis.shards(stream)).as("2 + 2 children + 1 merged").hasSize(5);
        for (Summary s : sent) assertSentAll(s, 100, 10);

        finish(
                job,
                ledger,
                lake,
                tmp,
                total(sent),
                "stream resharded mid-run (split, then merge) with aws-kinesis-agg aggregates",
                "300 user records in 30 aggregates, keys across shards; 2 shards → 3 → 2 open; shard discovery every 500 ms");
    }

    /**
     * Records that look aggregated (the KPL's magic bytes) but cannot be unpacked go to errors as
     * MALFORMED_AGGREGATE with their raw bytes, the job never restarts, and valid records sent
     * after them still land. The broken aggregates are hand-made ({@link Kpl}): AWS's library
     * cannot make them; the SDK v3 puts them, as any producer's bytes.
     */
    @Test
    void malformedAggregatesGoToErrorsWithoutARestart(@TempDir Path tmp) throws Exception {
        String stream = "agg-malformed";
        Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));
        Ledger ledger = new Ledger(36, System.currentTimeMillis());
        long t = ledger.now() - 10 * 60_000L;
        List<Entry> broken = new ArrayList<>();
        broken.add(
                new Entry(
                        "bad-md5",
                        malformed(ledger, "hm-bad-md5", ids -> Kpl.withBadMd5("bad-md5", ids))));
        broken.add(
                new Entry(
                        "truncated",
                        malformed(ledger, "hm-truncated", ids -> Kpl.truncated("truncated", ids))));
        broken.add(
                new Entry(
                        "pk-index",
                        malformed(
                                ledger,
                                "hm-pk-index",
                                ids -> Kpl.withPartitionKeyIndex(5, "pk-index", ids))));
        broken.add(new Entry("plain", ledger.valid("hm-plain-after", t)));
        List<Entry> valid =
                keyed(
                        stream,
                        List.of(
                                ledger.valid("hm-valid-1", t),
                                ledger.valid("hm-valid-2", t),
                                ledger.valid("hm-valid-3", t),
                                ledger.valid("hm-valid-4", t)));

        Path lake = tmp.resolve("lake");
        JobConfig cfg = settings(stream, lake, Reader.POLLING).config();
        JobClient job = start(new KinesisLakeIo(cfg), cfg, stream);
        Summary one = producer.plain(stream, broken);
        assertSentAll(one, 4, 4);
        Summary two = producer.aggregated(stream, valid, 4);
        assertSentAll(two, 4, 1);

        Await.until(
                "every record is in the lake",
                () -> ledger.allLanded(lake),
                () -> ledger.missing(lake));
        JobCounters counters = JobCounters.settled(TestCluster.rest(FLINK), job.getJobID());
        assertThat(counters.restarts()).as("restarts").isZero();
        assertThat(counters.sum(LakeMetrics.AGGREGATES_MALFORMED)).isEqualTo(3);
        ledger.assertCounted(counters, lake, 5, 1 + 4);
        stop(job, tmp);
        ledger.assertExactlyOnce(
                lake,
                "malformed KPL aggregates (bad MD5, truncated protobuf, partition-key index out of range)",
                "hand-made (AWS's library makes only valid ones), put with the SDK v3; 0 restarts; valid records after them land");
        assertThat(LakeFiles.read(lake, "errors"))
                .filteredOn(r -> ErrorType.MALFORMED_AGGREGATE.name().equals(r.text("error_type")))
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.text("payload_encoding")).isEqualTo("base64"));
    }

    // ---------------------------------------------------------------------------------------

    /**
     * A hand-made broken aggregate of two user records; its first one's id identifies it in errors.
     */
    private static byte[] malformed(
            Ledger ledger, String id, java.util.function.Function<List<byte[]>, byte[]> make) {
        ledger.expect(id, ErrorType.MALFORMED_AGGREGATE.name());
        long t = ledger.now() - 5 * 60_000L;
        List<byte[]> users =
                List.of(
                        Ledger.reading(
                                        id,
                                        "\"" + java.time.Instant.ofEpochMilli(t) + "\"",
                                        "",
                                        3300)
                                .getBytes(StandardCharsets.UTF_8),
                        Ledger.reading(
                                        "x" + id,
                                        "\"" + java.time.Instant.ofEpochMilli(t) + "\"",
                                        "",
                                        3300)
                                .getBytes(StandardCharsets.UTF_8));
        return make.apply(users);
    }

    /** Each record under a partition key of its own, so an aggregate's keys fall on every shard. */
    private static List<Entry> keyed(String prefix, List<byte[]> records) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++)
            out.add(new Entry(prefix + "-key-" + i, records.get(i)));
        return out;
    }

    /**
     * The scenario this class is about: aggregates whose user records belong to different shards.
     */
    private static void assertMostAggregatesSpanShards(String stream, List<Entry> records) {
        ShardMap map = ShardMap.of(client, stream);
        int spanning = 0;
        int aggregates = 0;
        for (int i = 0; i < records.size(); i += PER_AGGREGATE) {
            aggregates++;
            List<String> keys =
                    records.subList(i, Math.min(records.size(), i + PER_AGGREGATE)).stream()
                            .map(Entry::partitionKey)
                            .toList();
            if (map.shardsOf(keys).size() > 1) spanning++;
        }
        assertThat(spanning)
                .as("aggregates with user records of more than one shard")
                .isGreaterThan(aggregates * 3 / 4);
    }

    private static void assertSentAll(Summary s, long userRecords, long kinesisRecords) {
        assertThat(s.userRecords()).as("user records read by the producer").isEqualTo(userRecords);
        assertThat(s.kinesisRecords()).as("Kinesis records made").isEqualTo(kinesisRecords);
        assertThat(s.failed()).as("given up on").isZero();
        assertThat(s.sent()).as("accepted by Kinesis").isEqualTo(kinesisRecords);
    }

    private static Summary total(List<Summary> all) {
        return new Summary(
                all.stream().mapToLong(Summary::userRecords).sum(),
                all.stream().mapToLong(Summary::kinesisRecords).sum(),
                all.stream().mapToLong(Summary::sent).sum(),
                all.stream().mapToLong(Summary::retried).sum(),
                all.stream().mapToLong(Summary::failed).sum());
    }

    private static JobClient start(JobIo io, JobConfig cfg, String stream) throws Exception {
        StreamExecutionEnvironment env = TestCluster.environment(2);
        LakePipeline.wire(env, io, cfg);
        return env.executeAsync("real-producers-" + stream);
    }

    /** Waits for the lake, checks the accounting, stops with a savepoint, checks exactly once. */
    private static void finish(
            JobClient job,
            Ledger ledger,
            Path lake,
            Path tmp,
            Summary sent,
            String fault,
            String note)
            throws Exception {
        Await.until(
                "every record is in the lake",
                () -> ledger.allLanded(lake),
                () -> ledger.missing(lake));
        JobCounters counters = JobCounters.settled(TestCluster.rest(FLINK), job.getJobID());
        ledger.assertCounted(counters, lake, sent.kinesisRecords(), sent.userRecords());
        stop(job, tmp);
        ledger.assertExactlyOnce(lake, fault, note);
    }

    private static void stop(JobClient job, Path tmp) throws Exception {
        job.stopWithSavepoint(
                        false,
                        tmp.resolve("savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
    }

    private static JobSettings settings(String stream, Path lake, Reader reader) {
        return kinesis.settings(stream)
                .set(SourceOptions.READER, reader)
                .set(SourceOptions.EFO_CONSUMER_NAME, "it-" + stream)
                .set(LakeOptions.PATH, lake.toUri().toString())
                .set(TransformOptions.DROP_IF, "status == 'TEST'");
    }
}
