package dev.streamlake.job.scoring;

import dev.streamlake.job.config.OnlineScoringConfig;
import dev.streamlake.job.config.ScoreOutputs;
import dev.streamlake.job.config.ScoringConfig;
import dev.streamlake.job.metrics.MetricsProbe;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.udfs.anomaly.RcfProfile;
import dev.streamlake.udfs.anomaly.flag.FlagPolicy;
import dev.streamlake.udfs.schema.TableSchema;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.util.FileUtils;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: {@code ScoreAnomalies} with many active keys on one subtask, for BENCHMARKS.md and
 * the sizing table of docs/ANOMALY_SCORING.md, on demand:
 *
 * <pre>
 * mvn -B -q -o -pl job -am test -Dtest=FleetBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true \
 *     -Dfleet.keys=10000 -Dfleet.profile=FLEET -Dfleet.live=10000
 * </pre>
 *
 * One feature, the adaptive flag rule, explanations on, RocksDB as on Managed Flink (so only the
 * live forests are on heap; {@code -Dfleet.backend=heap} for the heap backend, which holds every
 * forest's bytes on heap as well and runs out of a 2 GB heap at 10 000 FLEET keys), checkpoints to
 * a temporary directory, deleted at the end. Every key first learns 70 points (its 64-point samples
 * full) (round robin over the keys), then 5 more rounds are timed (records/s, and per second of the
 * thread's CPU: on a shared machine wall time mostly measures the others), then one checkpoint: the
 * operator's synchronous forest writes (its gauge), the whole snapshot's time and its size, and
 * used heap after GC.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class FleetBenchmark {
    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    static final int WARM_ROUNDS = 70;
    static final int MEASURED_ROUNDS = 5;

    @Test
    void run() throws Exception {
        int keys = Integer.getInteger("fleet.keys", 10_000);
        RcfProfile profile = RcfProfile.valueOf(System.getProperty("fleet.profile", "FLEET"));
        int live = Integer.getInteger("fleet.live", keys);
        boolean rocksDb = !"heap".equals(System.getProperty("fleet.backend", "rocksdb"));
        TableSchema schema =
                TableSchema.parse(
                        "{\"key\":\"k\",\"event_time\":\"t\",\"columns\":["
                                + "{\"name\":\"k\",\"type\":\"string\",\"required\":true},"
                                + "{\"name\":\"t\",\"type\":\"timestamp\",\"required\":true},"
                                + "{\"name\":\"x\",\"type\":\"double\"}]}");
        ScoringConfig cfg =
                new ScoringConfig(
                        true,
                        List.of("x"),
                        schema,
                        profile.builder().build(),
                        3.0,
                        Duration.ofDays(7));
        OnlineScoringConfig online =
                new OnlineScoringConfig(FlagPolicy.defaults(3.0), profile, live);
        OutputTag<ValidRecord> anomalies =
                ScoreAnomalies.anomaliesTag(
                        ValidRecord.typeInfo(schema.withColumns(ScoringConfig.columns())));
        MetricsProbe probe = new MetricsProbe();
        long heapBefore = usedAfterGc();
        Path checkpoints = Files.createTempDirectory("fleet-benchmark");
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new ScoreAnomalies(
                                cfg, ScoreOutputs.defaults(), online, schema.size(), anomalies),
                        new KeyColumn(0),
                        Types.STRING,
                        probe.environment())) {
            h.setStateBackend(
                    rocksDb ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend());
            h.setCheckpointStorage(new FileSystemCheckpointStorage(checkpoints.toUri()));
            h.open();
            String[] names = new String[keys];
            for (int k = 0; k < keys; k++) names[k] = "device-" + k;
            Random r = new Random(7);
            long t = 0;
            for (int round = 0; round < WARM_ROUNDS; round++) t = round(h, names, r, t, round);
            h.snapshot(1L, 1L); // the first checkpoint after warm-up, not measured
            long start = System.nanoTime();
            long startCpu = CPU.getCurrentThreadCpuTime();
            for (int round = WARM_ROUNDS; round < WARM_ROUNDS + MEASURED_ROUNDS; round++) {
                t = round(h, names, r, t, round);
            }
            double perSecond =
                    (double) keys * MEASURED_ROUNDS / ((System.nanoTime() - start) / 1e9);
            double perCpuSecond =
                    (double) keys
                            * MEASURED_ROUNDS
                            / ((CPU.getCurrentThreadCpuTime() - startCpu) / 1e9);
            long snapStart = System.nanoTime();
            long snapStartCpu = CPU.getCurrentThreadCpuTime();
            OperatorSubtaskState snapshot = h.snapshot(2L, 2L);
            double snapshotMs = (System.nanoTime() - snapStart) / 1e6;
            double snapshotCpuMs = (CPU.getCurrentThreadCpuTime() - snapStartCpu) / 1e6;
            long heap = usedAfterGc() - heapBefore; // the harness, operator and live forests
            System.out.println(
                    "| profile | keys | live forests | records/s | records/CPU-s | heap MB"
                            + " | operator's sync writes ms | snapshot ms | snapshot CPU ms | checkpoint MB |");
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %d | %.0f | %.0f | %.0f | %s | %.0f | %.0f | %.0f |%n",
                    profile,
                    keys,
                    live,
                    perSecond,
                    perCpuSecond,
                    heap / 1e6,
                    probe.value("forestWriteMillisLastCheckpoint"),
                    snapshotMs,
                    snapshotCpuMs,
                    snapshot.getStateSize() / 1e6);
        } finally {
            FileUtils.deleteDirectory(checkpoints.toFile());
        }
    }

    static long round(
            KeyedOneInputStreamOperatorTestHarness<String, ValidRecord, ValidRecord> h,
            String[] names,
            Random r,
            long t,
            int round)
            throws Exception {
        for (int k = 0; k < names.length; k++) {
            double level = 10 + (k % 100);
            double x = level + Math.sin(round / 7.0 + k) + 0.3 * r.nextGaussian();
            h.processElement(ScoreAnomaliesTest.in(Row.of(names[k], t++, x)));
            if (k % 1000 == 999) {
                h.getOutput().clear();
                var flagged = h.getSideOutput(ScoreAnomaliesTest.ANOMALIES);
                if (flagged != null) flagged.clear();
            }
        }
        return t;
    }

    static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
