package dev.streamlake.job.scoring;

import com.amazon.randomcutforest.RandomCutForest;
import dev.streamlake.job.config.ScoreOutputOptions.Explain;
import dev.streamlake.job.config.ScoreOutputs;
import dev.streamlake.job.config.ScoringConfig;
import dev.streamlake.job.record.SensorRows;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.udfs.anomaly.ForestCodec;
import dev.streamlake.udfs.anomaly.RcfParams;
import dev.streamlake.udfs.schema.TableSchema;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: figures for BENCHMARKS.md, run on demand (one thread, KDA's defaults):
 *
 * <pre>
 * mvn -o -q -pl job -am test -Dtest=RcfBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true
 * </pre>
 *
 * {@code -Dbenchmark.dims=1} measures one width only (default 1,8).
 *
 * <p>Raw library (score, attribution, update) against the operator path (key lookup, feature read,
 * the same three calls, explanation JSON, output row) on the same points, at 1 and 8 dimensions:
 * with {@code scoring.explain} ALL (every row explained, as KDA) and FLAGGED (the default: only
 * rows at or over the threshold 3.0, so the rest cost one pass), each against the bare
 * score+update; then bytes of state per key and the time to write and to restore one forest.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class RcfBenchmark {
    static final int WARM_UP = 5_000;
    static final int MEASURED = 20_000;
    static final int ROUNDS = 3;

    @Test
    void run() throws Exception {
        System.out.println(
                "| dims | raw score+update pts/CPU-s | raw score+attribution+update pts/CPU-s"
                        + " | operator, explain ALL pts/CPU-s | ALL / raw with attribution"
                        + " | operator, explain FLAGGED pts/CPU-s | flagged rows | FLAGGED / raw score+update"
                        + " | state bytes/key | write ms/key | restore ms/key |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (String dims : System.getProperty("benchmark.dims", "1,8").split(","))
            measure(Integer.parseInt(dims.trim()));
    }

    static void measure(int dims) throws Exception {
        List<double[]> points = points(dims, WARM_UP + MEASURED);
        double rawScoreOnly = 0;
        double raw = 0;
        double operator = 0;
        double flagged = 0;
        for (int round = 0; round < ROUNDS; round++) { // interleaved, best of rounds: a noisy box
            rawScoreOnly = Math.max(rawScoreOnly, raw(dims, points, false));
            raw = Math.max(raw, raw(dims, points, true));
            operator = Math.max(operator, operator(dims, points, Explain.ALL));
            flagged = Math.max(flagged, operator(dims, points, Explain.FLAGGED));
        }
        RandomCutForest forest = RcfParams.kdaDefaults().newForest(dims);
        for (double[] p : points) forest.update(p);
        byte[] bytes = ForestCodec.toBytes(forest);
        int reps = 20;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) bytes = ForestCodec.toBytes(forest);
        long t1 = System.nanoTime();
        for (int i = 0; i < reps; i++) ForestCodec.fromBytes(bytes);
        long t2 = System.nanoTime();
        System.out.printf(
                Locale.ROOT,
                "| %d | %.0f | %.0f | %.0f | %.2f | %.0f | %.2f %% | %.2f | %d | %.1f | %.1f |%n",
                dims,
                rawScoreOnly,
                raw,
                operator,
                operator / raw,
                flagged,
                100.0 * lastFlagged / MEASURED,
                flagged / rawScoreOnly,
                bytes.length,
                (t1 - t0) / 1e6 / reps,
                (t2 - t1) / 1e6 / reps);
    }

    static double raw(int dims, List<double[]> points, boolean explain) {
        RandomCutForest f = RcfParams.kdaDefaults().newForest(dims);
        long start = 0;
        for (int i = 0; i < points.size(); i++) {
            if (i == WARM_UP) start = cpuNanos();
            double[] p = points.get(i);
            f.getAnomalyScore(p);
            if (explain) f.getAnomalyAttribution(p);
            f.update(p);
        }
        return MEASURED / ((cpuNanos() - start) / 1e9);
    }

    /**
     * This thread's CPU time: every variant runs on the calling thread (the forest's parallel
     * execution is off), so points per CPU-second compare the variants even on a shared machine,
     * where wall time mostly measures the other processes.
     */
    static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    static long lastFlagged;
    static OutputTag<ValidRecord> anomalies;

    static double operator(int dims, List<double[]> points, Explain explain) throws Exception {
        StringBuilder columns =
                new StringBuilder(
                        "{\"name\":\"k\",\"type\":\"string\",\"required\":true},"
                                + "{\"name\":\"t\",\"type\":\"timestamp\",\"required\":true}");
        List<String> features = new ArrayList<>();
        for (int d = 0; d < dims; d++) {
            columns.append(",{\"name\":\"x").append(d).append("\",\"type\":\"double\"}");
            features.add("x" + d);
        }
        TableSchema schema =
                TableSchema.parse(
                        "{\"key\":\"k\",\"event_time\":\"t\",\"columns\":[" + columns + "]}");
        ScoringConfig cfg =
                new ScoringConfig(
                        true, features, schema, RcfParams.kdaDefaults(), 3.0, Duration.ofDays(1));
        ScoreOutputs outputs = new ScoreOutputs(explain);
        anomalies =
                ScoreAnomalies.anomaliesTag(
                        ValidRecord.typeInfo(schema.withColumns(outputs.columns())));
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new ScoreAnomalies(
                                cfg,
                                outputs,
                                ScoreAnomaliesTest.fixed(cfg.threshold()),
                                schema.size(),
                                anomalies),
                        new KeyColumn(0),
                        Types.STRING)) {
            h.open();
            long start = 0;
            long flagged = 0;
            for (int i = 0; i < points.size(); i++) {
                if (i == WARM_UP) {
                    drainAnomalies(h);
                    start = cpuNanos();
                }
                Object[] fields = new Object[2 + dims];
                fields[0] = "dev-1";
                fields[1] = (long) i;
                for (int d = 0; d < dims; d++) fields[2 + d] = points.get(i)[d];
                h.processElement(SensorRows.in(Row.of(fields)));
                if (i % 1000 == 0) { // the harness keeps all output
                    h.getOutput().clear();
                    if (i > WARM_UP) flagged += drainAnomalies(h);
                }
            }
            double rate = MEASURED / ((cpuNanos() - start) / 1e9);
            lastFlagged = flagged + drainAnomalies(h);
            return rate;
        }
    }

    static int drainAnomalies(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h) {
        var side = h.getSideOutput(anomalies);
        if (side == null) return 0;
        int n = side.size();
        side.clear();
        return n;
    }

    static List<double[]> points(int dims, int n) {
        Random r = new Random(1);
        List<double[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] p = new double[dims];
            for (int d = 0; d < dims; d++) p[d] = 10 * Math.sin(i / 50.0 + d) + r.nextGaussian();
            if (i % 200 == 199)
                p[0] += 25; // a spike now and then, so that FLAGGED explains some rows
            out.add(p);
        }
        return out;
    }
}
