package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.HandMade;
import dev.streamlake.e2e.support.JobSettings;
import dev.streamlake.e2e.support.LakeFiles;
import dev.streamlake.e2e.support.LakeFiles.LakeRow;
import dev.streamlake.e2e.support.Ledger;
import dev.streamlake.e2e.support.TestCluster;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.record.RawRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lake's file formats and compaction through the real {@link LakePipeline#wire} on a
 * MiniCluster, fed by a bounded in-memory source (the Kinesis path itself is KinesisToLakeIT's).
 */
class LakeFormatsIT {
    private static final long HOUR = 3_600_000L;

    /** Runs whose failure was injected; read by the test after the job ends. */
    private static final Map<String, Integer> INJECTED = new ConcurrentHashMap<>();

    @RegisterExtension static final MiniClusterExtension FLINK = TestCluster.extension();

    @Test
    void parquetLakeHoldsExactlyTheRowsOfTheJsonLake(@TempDir Path tmp) throws Exception {
        Ledger fx = new Ledger(5, System.currentTimeMillis());
        List<byte[]> payloads = fx.generated(600);
        payloads.addAll(HandMade.records(fx));

        Path jsonLake = tmp.resolve("json");
        Path parquetLake = tmp.resolve("parquet");
        run(payloads, fx.now(), config(jsonLake, Map.of()), null, 0);
        run(
                payloads,
                fx.now(),
                config(
                        parquetLake,
                        Map.of(
                                LakeOptions.EVENTS_FORMAT.key(),
                                "parquet",
                                LakeOptions.ERRORS_FORMAT.key(),
                                "parquet",
                                LakeOptions.PARQUET_COMPRESSION.key(),
                                "ZSTD")),
                null,
                0);

        assertThat(LakeFiles.committedFiles(parquetLake, LakeLayout.EVENTS))
                .isNotEmpty()
                .allSatisfy(
                        f ->
                                assertThat(f.getFileName().toString())
                                        .startsWith("part-")
                                        .endsWith(".parquet"));
        assertThat(LakeFiles.committedFiles(parquetLake, LakeLayout.ERRORS))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".parquet"));
        fx.assertExactlyOnce(parquetLake);
        // Same rows, column by column (timestamps, nested JSON, absent nulls), in the same
        // partitions.
        assertThat(rowsById(parquetLake, LakeLayout.EVENTS))
                .isEqualTo(rowsById(jsonLake, LakeLayout.EVENTS));
        assertThat(rowsById(parquetLake, LakeLayout.ERRORS))
                .isEqualTo(rowsById(jsonLake, LakeLayout.ERRORS));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"json-gzip", "parquet"})
    void compactionKeepsEveryRecordExactlyOnceAcrossAnInjectedFailure(
            String format, @TempDir Path tmp) throws Exception {
        Ledger fx = new Ledger(13, System.currentTimeMillis());
        List<byte[]> payloads = fx.generated(2500);
        payloads.addAll(HandMade.records(fx));
        Path lake = tmp.resolve("lake");
        String run = "run-" + format + "-" + System.nanoTime();

        run(
                payloads,
                fx.now(),
                config(
                        lake,
                        Map.of(
                                LakeOptions.EVENTS_FORMAT.key(),
                                format,
                                LakeOptions.ERRORS_FORMAT.key(),
                                format,
                                LakeOptions.COMPACTION_ENABLED.key(),
                                "true",
                                LakeOptions.COMPACTION_TARGET_SIZE.key(),
                                "16 kb",
                                LakeOptions.COMPACTION_MAX_CHECKPOINTS.key(),
                                "3")),
                run,
                800);

        assertThat(INJECTED.get(run)).as("failures injected").isEqualTo(1);
        fx.assertExactlyOnce(
                lake,
                "task failure with compaction on (" + format + ")",
                "2,500 records through a bounded source; only compacted files visible");
        List<Path> events = LakeFiles.committedFiles(lake, LakeLayout.EVENTS);
        assertThat(events)
                .as("only compacted files are visible")
                .isNotEmpty()
                .allSatisfy(
                        f ->
                                assertThat(f.getFileName().toString())
                                        .startsWith(LakeLayout.COMPACTED_PREFIX + "part-"));
        // Merging happened: fewer visible files than part files written (one per subtask,
        // partition and checkpoint).
        long partitions = events.stream().map(Path::getParent).distinct().count();
        assertThat(events.size()).isLessThan((int) (partitions * 2 * 3));
    }

    // ---------------------------------------------------------------------------------------

    /**
     * Runs the wired pipeline over the payloads (all arriving at {@code arrival}, read at {@code
     * ratePerSecond}, 0 = unlimited) until the input ends; with {@code run} set, the task fails
     * once after a checkpoint completed.
     */
    private static void run(
            List<byte[]> payloads, long arrival, JobConfig cfg, String run, int ratePerSecond)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        LakePipeline.wire(env, new FixtureIo(cfg, payloads, arrival, run, ratePerSecond), cfg);
        env.execute("lake-formats-it");
    }

    private static JobConfig config(Path lake, Map<String, String> lakeSettings) {
        return HandMade.settings(JobSettings.create())
                .set(SourceOptions.STREAM, "fixture")
                .set(SourceOptions.REGION, "us-east-1")
                .set(LakeOptions.PATH, lake.toUri().toString())
                .setAll(lakeSettings)
                .config();
    }

    /** Each row's partition and full JSON text, by record id. */
    private static Map<String, String> rowsById(Path lake, String table) {
        Map<String, String> rows = new TreeMap<>();
        for (LakeRow r : LakeFiles.read(lake, table)) {
            String id = table.equals(LakeLayout.ERRORS) ? Ledger.idIn(r) : r.text("reading_id");
            rows.put(id, r.partition() + " " + r.row());
        }
        return rows;
    }

    /** Production sinks; a bounded, checkpointed in-memory source instead of Kinesis. */
    static final class FixtureIo extends KinesisLakeIo {
        private final List<byte[]> payloads;
        private final long arrival;
        private final String run;
        private final int ratePerSecond;

        FixtureIo(
                JobConfig cfg, List<byte[]> payloads, long arrival, String run, int ratePerSecond) {
            super(cfg);
            this.payloads = payloads;
            this.arrival = arrival;
            this.run = run;
            this.ratePerSecond = ratePerSecond;
        }

        @Override
        public DataStream<RawRecord> records(StreamExecutionEnvironment env) {
            DataGeneratorSource<RawRecord> source =
                    new DataGeneratorSource<>(
                            new Payloads(payloads.toArray(new byte[0][]), arrival),
                            payloads.size(),
                            ratePerSecond > 0
                                    ? RateLimiterStrategy.perSecond(ratePerSecond)
                                    : RateLimiterStrategy.noOp(),
                            TypeInformation.of(RawRecord.class));
            DataStream<RawRecord> records =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "Fixture records")
                            .uid("fixture-records");
            return run == null
                    ? records
                    : records.map(new FailOnceAfterACheckpoint(run))
                            .uid("inject-failure")
                            .name("Inject failure");
        }
    }

    /** Record i is payload i, as if read from one shard at sequence number i. */
    static final class Payloads implements GeneratorFunction<Long, RawRecord> {
        private final byte[][] payloads;
        private final long arrival;

        Payloads(byte[][] payloads, long arrival) {
            this.payloads = payloads;
            this.arrival = arrival;
        }

        @Override
        public RawRecord map(Long i) {
            return new RawRecord(
                    payloads[i.intValue()],
                    "fixture",
                    "shardId-000000000000",
                    String.valueOf(i),
                    "key-" + (i % 7),
                    arrival);
        }
    }

    /** Fails the task once, on the first record after a checkpoint completed (committing files). */
    static final class FailOnceAfterACheckpoint extends RichMapFunction<RawRecord, RawRecord>
            implements CheckpointListener {
        private final String run;
        private transient volatile boolean checkpointed;

        FailOnceAfterACheckpoint(String run) {
            this.run = run;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }

        @Override
        public RawRecord map(RawRecord r) {
            boolean firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
            if (firstAttempt && checkpointed && INJECTED.putIfAbsent(run, 1) == null) {
                throw new IllegalStateException("injected failure in " + run);
            }
            return r;
        }
    }
}
