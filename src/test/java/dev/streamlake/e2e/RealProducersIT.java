package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.FailOnceAtMarker;
import dev.streamlake.e2e.support.JobCounters;
import dev.streamlake.e2e.support.JobSettings;
import dev.streamlake.e2e.support.KinesisFixture;
import dev.streamlake.e2e.support.Kpl;
import dev.streamlake.e2e.support.LakeFiles;
import dev.streamlake.e2e.support.Ledger;
import dev.streamlake.e2e.support.MiniClusterJob;
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
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.udfs.record.ErrorType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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

    @RegisterExtension static final KinesisFixture kinesis = KinesisFixture.perClass();

    @TempDir static Path work;
    static NodeProducer producer;

    @BeforeAll
    static void installProducers() {
        producer = new NodeProducer(kinesis.endpoint(), work.resolve("producers"));
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
        kinesis.createStream(stream, 2);
        Ledger ledger = new Ledger(seed, System.currentTimeMillis());
        List<Entry> records = keyed(stream, ledger.generated(count));
        assertMostAggregatesSpanShards(stream, records);

        Path lake = tmp.resolve("lake");
        JobConfig cfg = settings(stream, lake, Reader.valueOf(reader)).config();
        MiniClusterJob job = start(cfg, stream);
        Summary sent = producer.aggregated(stream, records, PER_AGGREGATE);
        assertSentAll(sent, count, count / PER_AGGREGATE);

        finish(
                job,
                ledger,
                lake,
                sent,
                tmp,
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
        String stream = kinesis.createStream("sdk-v3", 2);
        Ledger ledger = new Ledger(33, System.currentTimeMillis());
        List<Entry> records = keyed(stream, ledger.generated(300));

        Path lake = tmp.resolve("lake");
        JobConfig cfg = settings(stream, lake, Reader.POLLING).config();
        MiniClusterJob job = start(cfg, stream);
        Summary sent = producer.plain(stream, records);
        assertSentAll(sent, 300, 300);

        finish(
                job,
                ledger,
                lake,
                sent,
                tmp,
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
        String stream = kinesis.createStream("agg-restart", 2);
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
        FailOnceAtMarker.reset(FailOnceMidAggregate.MARKER);
        // Checkpoints every 50 ms: one is likely to fall between the failure (on a connector
        // thread)
        // and the task's end, the moment a checkpoint could hold part of the aggregate.
        StreamExecutionEnvironment env = TestCluster.environment(2);
        env.enableCheckpointing(50);
        LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
        MiniClusterJob job = MiniClusterJob.submit(FLINK, env, "real-producers-" + stream);
        Summary one = producer.aggregated(stream, first, PER_AGGREGATE);
        assertSentAll(one, 200, 20);
        LakeFiles.awaitFirstCommit(lake);
        Summary two = producer.aggregated(stream, keyed(stream + "-2", second), PER_AGGREGATE);
        assertSentAll(two, 210, 21);

        ledger.awaitLanded(lake);
        JobCounters counters = job.counters();
        ledger.assertCountedAfterRestart(counters, 41, 410);
        job.stopWithSavepoint(tmp);
        assertThat(FailOnceAtMarker.seen(FailOnceMidAggregate.MARKER))
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
        String stream = kinesis.createStream("agg-reshard", 2);
        Ledger ledger = new Ledger(35, System.currentTimeMillis());
        Path lake = tmp.resolve("lake");
        JobConfig cfg =
                settings(stream, lake, Reader.POLLING)
                        .set(SourceOptions.SHARD_DISCOVERY_INTERVAL, Duration.ofMillis(500))
                        .config();
        MiniClusterJob job = start(cfg, stream);

        List<Summary> sent = new ArrayList<>();
        kinesis.splitAndMergeWhileSending(
                stream,
                batch -> {
                    List<Entry> records = keyed(stream + "-" + batch, ledger.generated(100));
                    if (batch == 2) assertMostAggregatesSpanShards(stream, records); // 3 open
                    sent.add(producer.aggregated(stream, records, PER_AGGREGATE));
                });
        for (Summary s : sent) assertSentAll(s, 100, 10);

        Summary all = total(sent);
        finish(
                job,
                ledger,
                lake,
                all,
                tmp,
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
        String stream = kinesis.createStream("agg-malformed", 2);
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
        MiniClusterJob job = start(cfg, stream);
        Summary one = producer.plain(stream, broken);
        assertSentAll(one, 4, 4);
        Summary two = producer.aggregated(stream, valid, 4);
        assertSentAll(two, 4, 1);

        ledger.awaitLanded(lake);
        JobCounters counters = job.counters();
        assertThat(counters.restarts()).as("restarts").isZero();
        assertThat(counters.sum(LakeMetrics.AGGREGATES_MALFORMED)).isEqualTo(3);
        ledger.assertCounted(counters, lake, 5, 1 + 4);
        job.stopWithSavepoint(tmp);
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
        ShardMap map = ShardMap.of(kinesis.client(), stream);
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

    /** {@link MiniClusterJob#finish} with the Kinesis and user records a producer sent. */
    private static void finish(
            MiniClusterJob job,
            Ledger ledger,
            Path lake,
            Summary sent,
            Path tmp,
            String fault,
            String note)
            throws Exception {
        job.finish(ledger, lake, sent.kinesisRecords(), sent.userRecords(), tmp, fault, note);
    }

    private static Summary total(List<Summary> all) {
        return new Summary(
                all.stream().mapToLong(Summary::userRecords).sum(),
                all.stream().mapToLong(Summary::kinesisRecords).sum(),
                all.stream().mapToLong(Summary::sent).sum(),
                all.stream().mapToLong(Summary::retried).sum(),
                all.stream().mapToLong(Summary::failed).sum());
    }

    private static MiniClusterJob start(JobConfig cfg, String stream) throws Exception {
        return MiniClusterJob.start(FLINK, new KinesisLakeIo(cfg), cfg, "real-producers-" + stream);
    }

    private static JobSettings settings(String stream, Path lake, Reader reader) {
        return kinesis.settings(stream)
                .set(SourceOptions.READER, reader)
                .set(SourceOptions.EFO_CONSUMER_NAME, "it-" + stream)
                .set(LakeOptions.PATH, lake.toUri().toString())
                .set(TransformOptions.DROP_IF, "status == 'TEST'");
    }
}
