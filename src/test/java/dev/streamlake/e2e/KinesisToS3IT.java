package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.Await;
import dev.streamlake.e2e.support.FailOnceIo;
import dev.streamlake.e2e.support.HandMade;
import dev.streamlake.e2e.support.KinesisFixture;
import dev.streamlake.e2e.support.LakeFiles.LakeRow;
import dev.streamlake.e2e.support.Ledger;
import dev.streamlake.e2e.support.MiniClusterJob;
import dev.streamlake.e2e.support.S3Fixture;
import dev.streamlake.e2e.support.S3Lake;
import dev.streamlake.e2e.support.TestCluster;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.job.sink.LakeFileSystems;
import dev.streamlake.tools.local.LocalS3;
import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.tools.producer.KinesisProducer;
import dev.streamlake.tools.producer.PartitionKeys;
import dev.streamlake.udfs.lake.LakeLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The whole data path with the lake on S3: kinesis-local fed by the producer, the job's own {@link
 * LakePipeline#wire} on a MiniCluster writing {@code s3://} through flink-s3-fs-hadoop, and s3proxy
 * (a real S3 API server, filesystem backend, on a free loopback port) holding the objects, which
 * the test reads back through the S3 API. Checkpoints are triggered by the test, so it can look at
 * the bucket before the first one.
 */
class KinesisToS3IT {
    private static final String BUCKET = "lake";

    @RegisterExtension static final MiniClusterExtension FLINK = TestCluster.extension();

    @TempDir static Path work;
    static KinesisFixture kinesis;
    static KinesisClient client;
    static LocalS3 s3;

    @BeforeAll
    static void startServers() {
        kinesis = KinesisFixture.start(work);
        client = kinesis.client();
        s3 = S3Fixture.start(work, BUCKET);
    }

    @AfterAll
    static void stopServers() {
        try {
            if (kinesis != null) kinesis.close();
        } finally {
            if (s3 != null) {
                s3.close();
                assertThat(s3.isAlive()).as("s3proxy stopped").isFalse();
            }
        }
    }

    @Test
    void everyRecordLandsOnS3ExactlyOnceOnlyAfterItsCheckpointAcrossAnInjectedFailure(
            @InjectClusterClient ClusterClient<?> cluster, @TempDir Path tmp) throws Exception {
        String stream = "readings-s3";
        Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));
        Ledger fx = new Ledger(13, System.currentTimeMillis());
        List<byte[]> first = fx.generated(300);
        first.addAll(HandMade.records(fx));
        List<byte[]> second = fx.generated(300);
        second.add(
                fx.valid("hm-marker", fx.now() - 20 * 60_000L)); // the task fails on this one, once

        String run = "s3-" + System.nanoTime();
        JobConfig cfg = config(stream, run);
        assertThat(cfg.lakePath()).isEqualTo("s3://" + BUCKET + "/" + run);
        // The MiniCluster is already running: its file systems get the lake's S3 settings here.
        LakeFileSystems.initialize(new Configuration(), cfg);
        StreamExecutionEnvironment env = environment();
        LakePipeline.wire(env, new FailOnceIo(cfg, "hm-marker", run), cfg);
        JobClient job = env.executeAsync("kinesis-to-s3-it");

        try (S3Lake lake = new S3Lake(s3.endpoint(), BUCKET, run)) {
            KinesisProducer producer =
                    new KinesisProducer(client, stream, new PartitionKeys("device_id"), 8);
            producer.sendAll(first.iterator());
            Await.until(
                    "the job has read the first batch",
                    () -> FailOnceIo.seen(run) >= first.size(),
                    () -> "");
            assertThat(lake.allKeys()).as("objects visible before any checkpoint").isEmpty();

            long checkpoint =
                    cluster.triggerCheckpoint(job.getJobID(), CheckpointType.FULL)
                            .get(2, TimeUnit.MINUTES);
            assertThat(checkpoint).isPositive();
            Await.until(
                    "the first checkpoint's files are committed",
                    () -> !lake.committedKeys(LakeLayout.EVENTS).isEmpty(),
                    () -> "");

            producer.sendAll(second.iterator());
            assertThat(producer.failed()).isZero();
            // The failure restarts the job from the first checkpoint; later checkpoints commit the
            // rest.
            Await.until(
                    "every record is on S3",
                    () -> {
                        triggerQuietly(cluster, job);
                        return fx.allLanded(lake::read);
                    },
                    () -> fx.missing(lake::read));
            MiniClusterJob.stopWithSavepoint(job, tmp);

            assertThat(FailOnceIo.injected(run)).as("failures injected").isEqualTo(1);
            fx.assertExactlyOnce(
                    lake::read,
                    "task failure mid-stream with the lake on S3 (s3proxy)",
                    "nothing listed before the first checkpoint; multipart uploads completed at each checkpoint");
            assertThat(lake.allKeys())
                    .as("only committed part files under the lake prefix")
                    .allSatisfy(
                            key -> {
                                assertThat(key)
                                        .matches(
                                                run
                                                        + "/(events|errors)/dt=\\d{4}-\\d\\d-\\d\\d-\\d\\d/part-[^/]+\\.json\\.gz");
                            });
            List<LakeRow> events = lake.read(LakeLayout.EVENTS);
            assertThat(events)
                    .hasSizeGreaterThan(450)
                    .allSatisfy(
                            r -> {
                                assertThat(r.text("event_time"))
                                        .matches(
                                                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
                                assertThat(r.text("shard_id")).startsWith("shardId-");
                            });
        }
    }

    @Test
    void theJobRidesOutAnS3OutageAndLosesNothing(@TempDir Path tmp) throws Exception {
        String stream = "readings-s3-outage";
        Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));
        Ledger fx = new Ledger(14, System.currentTimeMillis());
        String run = "outage-" + System.nanoTime();
        JobConfig cfg = config(stream, run);
        LakeFileSystems.initialize(new Configuration(), cfg);
        Configuration conf = new Configuration();
        // Failed checkpoints fail the job; it keeps restarting until S3 answers again.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1000);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(1000);
        LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
        JobClient job = env.executeAsync("s3-outage-it");
        KinesisProducer producer =
                new KinesisProducer(client, stream, new PartitionKeys("device_id"), 8);

        try (S3Lake lake = new S3Lake(s3.endpoint(), BUCKET, run)) {
            producer.sendAll(fx.generated(300).iterator());
            Await.until(
                    "the first batch is on S3",
                    () -> fx.allLanded(lake::read),
                    () -> fx.missing(lake::read));

            int port = s3.port();
            s3.close(); // the S3 endpoint goes away, by PID
            producer.sendAll(fx.generated(300).iterator()); // records keep arriving meanwhile
            Thread.sleep(20_000); // the outage: checkpoints and uploads fail, the job restarts
            s3 =
                    LocalS3.start(
                            port,
                            work.resolve("s3"),
                            List.of(BUCKET),
                            work.resolve("s3proxy-after-outage.log"));

            producer.sendAll(fx.generated(300).iterator());
            assertThat(producer.failed()).isZero();
            Await.until(
                    "every record is on S3",
                    () -> fx.allLanded(lake::read),
                    () -> fx.missing(lake::read));
            MiniClusterJob.stopWithSavepoint(job, tmp);
            fx.assertExactlyOnce(
                    lake::read,
                    "S3 server stopped for 20 s mid-run, then started again",
                    "300 records sent during the outage; checkpoints fail, the job restarts until S3 answers");
        }
    }

    // ---------------------------------------------------------------------------------------

    private static JobConfig config(String stream, String run) {
        return HandMade.settings(kinesis.settings(stream))
                .set(LakeOptions.PATH, "s3://" + BUCKET + "/" + run)
                .setAll(S3Fixture.jobSettings(s3.endpoint()))
                .config();
    }

    /** Checkpoints only when the test triggers them (the interval is far longer than the test). */
    private static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(Duration.ofHours(1).toMillis());
        return env;
    }

    private static void triggerQuietly(ClusterClient<?> cluster, JobClient job) {
        try {
            cluster.triggerCheckpoint(job.getJobID(), CheckpointType.FULL).get(1, TimeUnit.MINUTES);
        } catch (Exception restartingOrBusy) {
            // The job is restarting after the injected failure, or a checkpoint is already running.
        }
    }
}
