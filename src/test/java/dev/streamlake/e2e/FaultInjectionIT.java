package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.Await;
import dev.streamlake.e2e.support.JobCounters;
import dev.streamlake.e2e.support.JobProcess;
import dev.streamlake.e2e.support.JobSettings;
import dev.streamlake.e2e.support.KinesisFixture;
import dev.streamlake.e2e.support.LakeFiles;
import dev.streamlake.e2e.support.Ledger;
import dev.streamlake.e2e.support.MiniClusterJob;
import dev.streamlake.e2e.support.PropertyGroups;
import dev.streamlake.e2e.support.TestCluster;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.config.TransformOptions;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breaks things on purpose and counts: after each fault every record is in the lake exactly once
 * (or in errors, or dropped by configuration), nothing else. The task-failure case is in {@link
 * KinesisToLakeIT}.
 */
class FaultInjectionIT {
    @RegisterExtension static final MiniClusterExtension FLINK = TestCluster.extension();

    @RegisterExtension static final KinesisFixture kinesis = KinesisFixture.perClass();

    @Test
    void aKilledJobProcessResumesFromItsRetainedCheckpoint(@TempDir Path tmp) throws Exception {
        String stream = kinesis.createStream("fault-kill", 2);
        Ledger ledger = new Ledger(21, System.currentTimeMillis());
        Path lake = tmp.resolve("lake");
        Path props = propertiesFile(tmp, stream, lake);
        Map<String, String> retain =
                Map.of(
                        "execution.checkpointing.externalized-checkpoint-retention",
                        "RETAIN_ON_CANCELLATION");

        kinesis.send(stream, ledger.generated(400));
        JobProcess first = JobProcess.start(props, retain, tmp, "first");
        try {
            Await.until(
                    "a checkpoint commits files",
                    () ->
                            !LakeFiles.committedFiles(lake, "events").isEmpty()
                                    && latestCheckpoint(tmp).isPresent(),
                    () -> tail(first));
            kinesis.send(stream, ledger.generated(400)); // in flight when the process dies
        } finally {
            first.kill(); // kill -9: no final checkpoint, in-progress files left behind
        }
        assertThat(first.isAlive()).isFalse();
        Path checkpoint = latestCheckpoint(tmp).orElseThrow();
        kinesis.send(stream, ledger.generated(400)); // arrives while the job is down

        Map<String, String> restore = new HashMap<>(retain);
        restore.put("execution.savepoint.path", checkpoint.toUri().toString());
        try (JobProcess second = JobProcess.start(props, restore, tmp, "second")) {
            Await.until(
                    "every record is in the lake",
                    () -> ledger.allLanded(lake),
                    () -> ledger.missing(lake) + tail(second));
            second.stopWithSavepoint(tmp.resolve("savepoints"));
        }
        assertThat(Files.readString(tmp.resolve("second.log")))
                .doesNotContain("Exception in thread \"main\"");
        ledger.assertExactlyOnce(
                lake,
                "job process killed (kill -9), restarted from the retained checkpoint",
                "400 records in flight at the kill, 400 more sent while down");
    }

    @Test
    void splittingAndMergingShardsMidRunLosesNothing(@TempDir Path tmp) throws Exception {
        String stream = kinesis.createStream("fault-reshard", 2);
        Ledger ledger = new Ledger(22, System.currentTimeMillis());
        Path lake = tmp.resolve("lake");
        JobConfig cfg =
                settings(stream, lake)
                        .set(SourceOptions.SHARD_DISCOVERY_INTERVAL, Duration.ofMillis(500))
                        .config();
        MiniClusterJob job = MiniClusterJob.start(FLINK, new KinesisLakeIo(cfg), cfg, "reshard");

        kinesis.splitAndMergeWhileSending(
                stream, batch -> kinesis.send(stream, ledger.generated(300)));

        long sent = ledger.expected().size(); // each as one Kinesis record
        job.finish(
                ledger,
                lake,
                sent,
                sent,
                tmp,
                "stream resharded mid-run: a shard split, then its children merged",
                "2 shards → 3 → 2 open; shard discovery every 500 ms");
    }

    @Test
    void stopWithSavepointChangeParallelismAndResume(@TempDir Path tmp) throws Exception {
        String stream = kinesis.createStream("fault-rescale", 3);
        Ledger ledger = new Ledger(23, System.currentTimeMillis());
        Path lake = tmp.resolve("lake");
        JobConfig cfg = settings(stream, lake).config();

        kinesis.send(stream, ledger.generated(400));
        MiniClusterJob first =
                MiniClusterJob.start(FLINK, new KinesisLakeIo(cfg), cfg, "rescale-p2");
        ledger.awaitLanded(lake);
        JobCounters firstRun = first.counters();
        String savepoint = first.stopWithSavepoint(tmp);

        kinesis.send(stream, ledger.generated(400)); // while stopped
        Configuration restore = new Configuration();
        restore.set(SavepointConfigOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment env1 =
                StreamExecutionEnvironment.getExecutionEnvironment(restore);
        env1.setParallelism(1);
        env1.enableCheckpointing(500);
        LakePipeline.wire(env1, new KinesisLakeIo(cfg), cfg);
        MiniClusterJob second = MiniClusterJob.submit(FLINK, env1, "rescale-p1");
        kinesis.send(stream, ledger.generated(400)); // after the restart
        ledger.awaitLanded(lake);
        // Two runs, each without restarts, stopped with a savepoint: together they read each record
        // once.
        JobCounters both = firstRun.plus(second.counters());
        ledger.assertCounted(both, lake, ledger.expected().size(), ledger.expected().size());
        second.stopWithSavepoint(tmp);
        ledger.assertExactlyOnce(
                lake,
                "stop with savepoint, resume at parallelism 1 (was 2)",
                "3 shards; 400 records sent while stopped");
    }

    @Test
    void aSlowSinkHoldsTheSourceBackWithBoundedHeap(@TempDir Path tmp) throws Exception {
        String stream = kinesis.createStream("fault-backpressure", 2);
        Ledger ledger = new Ledger(24, System.currentTimeMillis());
        Path lake = tmp.resolve("lake");
        JobConfig cfg = settings(stream, lake).config();
        kinesis.send(stream, ledger.generated(6_000)); // a backlog, far faster than the sink

        StreamExecutionEnvironment env = TestCluster.environment(2);
        LakePipeline.wire(env, new ThrottledIo(cfg, 250), cfg);
        HeapSampler heap = HeapSampler.start();
        MiniClusterJob job = MiniClusterJob.submit(FLINK, env, "backpressure");
        ledger.awaitLanded(lake);
        long sent = ledger.expected().size(); // each as one Kinesis record
        ledger.assertCounted(job.counters(), lake, sent, sent);
        job.stopWithSavepoint(tmp);
        heap.stop();
        long backlogBytes = 6_000L * 330; // the generated readings average about 330 bytes
        ledger.assertExactlyOnce(
                lake,
                "backpressure: 6,000-record backlog, job throttled to 500 records/s after the source",
                String.format(
                        "heap in use: %d MB before, %d MB peak (backlog %d KB, -Xmx2g)",
                        heap.baselineMb(), heap.peakMb(), backlogBytes >> 10));
        // The whole test JVM (MiniCluster, emulator client, this test) stays far below its limit.
        assertThat(heap.peakMb()).isLessThan(Runtime.getRuntime().maxMemory() / (1 << 20) / 2);
    }

    // ---------------------------------------------------------------------------------------

    /**
     * Production I/O with a slow step after the source, so the rest of the job backs up behind it.
     */
    static final class ThrottledIo extends KinesisLakeIo {
        private final int perSecondPerSubtask;

        ThrottledIo(JobConfig cfg, int perSecondPerSubtask) {
            super(cfg);
            this.perSecondPerSubtask = perSecondPerSubtask;
        }

        @Override
        public org.apache.flink.streaming.api.datastream.DataStream<
                        dev.streamlake.udfs.record.RawRecord>
                records(StreamExecutionEnvironment env) {
            int rate = perSecondPerSubtask;
            return super.records(env)
                    .map(
                            new org.apache.flink.api.common.functions.MapFunction<
                                    dev.streamlake.udfs.record.RawRecord,
                                    dev.streamlake.udfs.record.RawRecord>() {
                                private long start;
                                private long count;

                                @Override
                                public dev.streamlake.udfs.record.RawRecord map(
                                        dev.streamlake.udfs.record.RawRecord r) throws Exception {
                                    if (start == 0) start = System.nanoTime();
                                    long due = start + ++count * 1_000_000_000L / rate;
                                    long wait = due - System.nanoTime();
                                    if (wait > 0)
                                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                                    return r;
                                }
                            })
                    .uid("throttle")
                    .name("Throttle");
        }
    }

    /** Samples the heap in use every 50 ms on a daemon thread. */
    static final class HeapSampler {
        private final java.lang.management.MemoryMXBean memory =
                java.lang.management.ManagementFactory.getMemoryMXBean();
        private final long baseline;
        private volatile long peak;
        private volatile boolean running = true;
        private final Thread thread;

        private HeapSampler() {
            System.gc();
            baseline = memory.getHeapMemoryUsage().getUsed();
            thread =
                    new Thread(
                            () -> {
                                while (running) {
                                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                                    try {
                                        Thread.sleep(50);
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "heap-sampler");
            thread.setDaemon(true);
        }

        static HeapSampler start() {
            HeapSampler s = new HeapSampler();
            s.thread.start();
            return s;
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long baselineMb() {
            return baseline >> 20;
        }

        long peakMb() {
            return peak >> 20;
        }
    }

    static JobSettings settings(String stream, Path lake) {
        return kinesis.settings(stream)
                .set(LakeOptions.PATH, lake.toUri().toString())
                .set(TransformOptions.DROP_IF, "status == 'TEST'");
    }

    /** The job's settings in the shape Managed Flink hands to the application. */
    private static Path propertiesFile(Path dir, String stream, Path lake) {
        return PropertyGroups.write(
                dir.resolve("application_properties.json"),
                settings(stream, lake)
                        .set(LakeOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500)));
    }

    /**
     * The newest completed checkpoint (one with _metadata) under {@code
     * <dir>/checkpoints/<job>/chk-N}.
     */
    private static Optional<Path> latestCheckpoint(Path dir) {
        Path root = dir.resolve("checkpoints");
        if (!Files.isDirectory(root)) return Optional.empty();
        Pattern chk = Pattern.compile("chk-(\\d+)");
        try (Stream<Path> files = Files.walk(root, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .max(
                            Comparator.comparingLong(
                                    p -> {
                                        Matcher m = chk.matcher(p.getFileName().toString());
                                        return m.matches() ? Long.parseLong(m.group(1)) : -1;
                                    }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(JobProcess job) {
        try {
            return "\n--- job log ---\n" + job.tail();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
