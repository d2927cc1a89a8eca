package dev.streamlake.job.scoring;

import dev.streamlake.job.config.OnlineScoringConfig;
import dev.streamlake.job.config.ScoreOutputs;
import dev.streamlake.job.config.ScoringConfig;
import dev.streamlake.job.metrics.MetricsProbe;
import dev.streamlake.job.record.SensorRows;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.udfs.anomaly.RcfProfile;
import dev.streamlake.udfs.anomaly.flag.FlagPolicy;
import dev.streamlake.udfs.schema.TableSchema;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.state.CheckpointStorageAccess;
import org.apache.flink.runtime.state.CheckpointStorageLocationReference;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFinalizer;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
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
 * One feature, the adaptive flag rule, explanations on, RocksDB with incremental checkpoints as on
 * Managed Flink (so only the live forests are on heap; {@code -Dfleet.backend=heap} for the heap
 * backend, which holds every forest's bytes on heap as well; {@code -Dfleet.incremental=false} for
 * full RocksDB snapshots), checkpoints to a temporary directory, deleted at the end. RocksDB gets a
 * slot's managed memory ({@code -Dfleet.managed-mb}, default {@link #defaultManagedMemory()}):
 * Flink sizes its write buffers from it, and with the harness's default of 32 MB every forest write
 * made RocksDB flush and then stop writes while the flushes queued (9, 40 and 84 s for 500, 1000
 * and 2000 forests, with under 2 s of CPU). Every key first learns 70 points (its 64-point samples
 * full) (round robin over the keys), then one checkpoint (every forest's first write; completed, so
 * the next incremental one builds on it), then 5 more rounds are timed (records/s, and per second
 * of the thread's CPU: on a shared machine wall time mostly measures the others), then one
 * checkpoint: the operator's forest writes (its gauge), the task thread's synchronous phase (wall
 * and CPU), the asynchronous phase, the checkpoint's size and its new bytes, used heap after GC,
 * and what RocksDB's LOG says about flushes and write stalls.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class FleetBenchmark {
    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    static final int WARM_ROUNDS = 70;
    static final int MEASURED_ROUNDS = 5;

    /**
     * The slot's managed memory, RocksDB's block cache and write buffers, by default: what Flink's
     * memory model gives a 4 GB TaskManager with one slot (one KPU's memory), 1 372 MB.
     */
    static long defaultManagedMemory() {
        Configuration tm = new Configuration();
        tm.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("4g"));
        return TaskExecutorProcessUtils.processSpecFromConfig(tm).getManagedMemorySize().getBytes();
    }

    @Test
    void run() throws Exception {
        int keys = Integer.getInteger("fleet.keys", 10_000);
        RcfProfile profile = RcfProfile.valueOf(System.getProperty("fleet.profile", "FLEET"));
        int live = Integer.getInteger("fleet.live", keys);
        boolean rocksDb = !"heap".equals(System.getProperty("fleet.backend", "rocksdb"));
        boolean incremental = Boolean.parseBoolean(System.getProperty("fleet.incremental", "true"));
        long managedMb = Long.getLong("fleet.managed-mb", defaultManagedMemory() >> 20);
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
                        probe.environmentBuilder().setManagedMemorySize(managedMb << 20).build())) {
            Path rocksDbDir = checkpoints.resolve("rocksdb");
            if (rocksDb) {
                EmbeddedRocksDBStateBackend backend = new EmbeddedRocksDBStateBackend(incremental);
                backend.setDbStoragePath(rocksDbDir.toString());
                h.setStateBackend(backend);
            } else {
                h.setStateBackend(new HashMapStateBackend());
            }
            FileSystemCheckpointStorage storage =
                    new FileSystemCheckpointStorage(checkpoints.resolve("checkpoints").toUri());
            h.setCheckpointStorage(storage);
            h.open();
            String[] names = new String[keys];
            for (int k = 0; k < keys; k++) names[k] = "device-" + k;
            Random r = new Random(7);
            long t = 0;
            for (int round = 0; round < WARM_ROUNDS; round++) t = round(h, names, r, t, round);
            long firstStart = System.nanoTime();
            h.snapshot(1L, 1L); // the first checkpoint after warm-up: every forest's first write
            double firstSnapshotMs = (System.nanoTime() - firstStart) / 1e6;
            h.notifyOfCompletedCheckpoint(1L); // the base of the next incremental checkpoint
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
            // As the harness's snapshot(), but timing the task thread's synchronous part (what
            // holds up the records) apart from the asynchronous part (uploads).
            CheckpointStorageAccess access = storage.createCheckpointStorage(new JobID());
            access.initializeBaseLocationsForCheckpoint();
            long syncStart = System.nanoTime();
            long syncStartCpu = CPU.getCurrentThreadCpuTime();
            OperatorSnapshotFutures futures =
                    h.getOperator()
                            .snapshotState(
                                    2L,
                                    2L,
                                    CheckpointOptions.forCheckpointWithDefaultLocation(),
                                    access.resolveCheckpointStorageLocation(
                                            2L, CheckpointStorageLocationReference.getDefault()));
            double syncMs = (System.nanoTime() - syncStart) / 1e6;
            double syncCpuMs = (CPU.getCurrentThreadCpuTime() - syncStartCpu) / 1e6;
            long asyncStart = System.nanoTime();
            OperatorSubtaskState snapshot =
                    new OperatorSnapshotFinalizer(futures).getJobManagerOwnedState();
            double asyncMs = (System.nanoTime() - asyncStart) / 1e6;
            long heap = usedAfterGc() - heapBefore; // the harness, operator and live forests
            System.out.println(
                    "| profile | keys | live forests | records/s | records/CPU-s | heap MB"
                            + " | operator's forest writes ms | sync phase ms | sync phase CPU ms"
                            + " | async phase ms | checkpoint MB | of which new MB |");
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %d | %.0f | %.0f | %.0f | %s | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
                    profile,
                    keys,
                    live,
                    perSecond,
                    perCpuSecond,
                    heap / 1e6,
                    probe.value("forestWriteMillisLastCheckpoint"),
                    syncMs,
                    syncCpuMs,
                    asyncMs,
                    snapshot.getStateSize() / 1e6,
                    snapshot.getCheckpointedSize() / 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "%s, managed memory %d MB: first checkpoint %.0f ms%s%n",
                    rocksDb ? (incremental ? "RocksDB incremental" : "RocksDB full") : "heap",
                    managedMb,
                    firstSnapshotMs,
                    rocksDb ? "; " + RocksDbLog.summary(rocksDbDir) : "");
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
            h.processElement(SensorRows.in(Row.of(names[k], t++, x)));
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

    /** What RocksDB's own LOG files (in the instance's directory) say about flushes and stalls. */
    static final class RocksDbLog {
        static String summary(Path dir) throws IOException {
            List<String> lines = new ArrayList<>();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (f.getFileName().toString().startsWith("LOG")) {
                        lines.addAll(Files.readAllLines(f, StandardCharsets.ISO_8859_1));
                    }
                }
            }
            if (lines.isEmpty()) return "no RocksDB LOG found under " + dir;
            return String.format(
                            Locale.ROOT,
                            "RocksDB LOG: %d flushes, %d compactions, %d write stalls (slowed),"
                                    + " %d write stops",
                            count(lines, "\"event\": \"flush_started\""),
                            count(lines, "\"event\": \"compaction_started\""),
                            count(lines, "Stalling writes"),
                            count(lines, "Stopping writes"))
                    + lines.stream()
                            .filter(l -> l.contains("Stopping writes because"))
                            .map(l -> l.substring(l.indexOf("because")).replaceAll("[0-9]+", "N"))
                            .collect(Collectors.groupingBy(l -> l, Collectors.counting()))
                            .entrySet()
                            .stream()
                            .map(e -> " (" + e.getValue() + "x: " + e.getKey() + ")")
                            .collect(Collectors.joining());
        }

        static long count(List<String> lines, String what) {
            return lines.stream().filter(l -> l.contains(what)).count();
        }
    }
}
