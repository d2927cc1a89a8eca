package dev.streamlake.udfs.hotspots;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: figures for BENCHMARKS.md, run on demand (one thread):
 *
 * <pre>
 * mvn -o -q -pl udfs test -Dtest=HotspotBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true
 * </pre>
 *
 * windowSize 1000 at 2 and 8 columns: the incremental detector (add + KDA's JSON per record)
 * against {@link HotspotReference} re-clustering the whole window per record, on the same points in
 * the same run, as records per second of the thread's CPU time (the machine is shared, so wall time
 * would measure the neighbours). Workloads: "planted" is 70 % uniform noise plus three Gaussian
 * blobs that move now and then (the sample generator's shape); "one blob" puts every point in one
 * dense hotspot, the detector's worst case (each record rebuilds a hotspot of the whole window).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class HotspotBenchmark {
    static final int WINDOW = 1000;
    static final int MIN_POINTS = 10;

    /** Records per second of this thread's CPU time: per core, whatever else the machine runs. */
    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Test
    void run() {
        System.out.println(
                "| columns | workload | scanRadius | hotspots (mean) | incremental rec/s | reference rec/s | speed-up |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int columns : new int[] {2, 8}) {
            double radius = columns == 2 ? 1.5 : 4.5;
            measure(columns, "planted", radius, points(columns, 0.3, 60_000, 1));
            measure(columns, "one blob", radius, points(columns, 1.0, 3_000, 2));
        }
    }

    static void measure(int columns, String workload, double radius, List<double[]> points) {
        HotspotParams params = HotspotParams.of(WINDOW, radius, MIN_POINTS);
        double best = 0;
        long spots = 0;
        for (int round = 0; round < 2; round++) { // best of rounds: a shared, noisy box
            HotspotDetector d = new HotspotDetector(params, columns);
            for (int i = 0; i < WINDOW; i++) d.add(points.get(i)); // fill: not measured
            long chars = 0;
            spots = 0;
            long t0 = CPU.getCurrentThreadCpuTime();
            for (int i = WINDOW; i < points.size(); i++) {
                List<Hotspot> h = d.add(points.get(i));
                chars += HotspotsJson.of(h).length();
                spots += h.size();
            }
            long ns = CPU.getCurrentThreadCpuTime() - t0;
            if (chars == 0) throw new AssertionError("no output");
            best = Math.max(best, (points.size() - WINDOW) * 1e9 / ns);
        }
        int refRecords = 200;
        ArrayDeque<double[]> window = new ArrayDeque<>(points.subList(0, WINDOW));
        long t0 = CPU.getCurrentThreadCpuTime();
        long refSpots = 0;
        for (int i = WINDOW; i < WINDOW + refRecords; i++) {
            window.removeFirst();
            window.addLast(points.get(i));
            refSpots += HotspotReference.hotspots(new ArrayList<>(window), params).size();
        }
        double reference = refRecords * 1e9 / (CPU.getCurrentThreadCpuTime() - t0);
        if (refSpots < 0) throw new AssertionError();
        System.out.flush();
        System.out.printf(
                Locale.ROOT,
                "| %d | %s | %.1f | %.1f | %,.0f | %,.0f | %.0f× |%n",
                columns,
                workload,
                radius,
                (double) spots / (points.size() - WINDOW),
                best,
                reference,
                best / reference);
    }

    /**
     * A fraction {@code inBlobs} of points around three blob centres (σ 1), the rest uniform in
     * [0,100).
     */
    static List<double[]> points(int columns, double inBlobs, int n, long seed) {
        Random rnd = new Random(seed);
        double[][] blobs = new double[3][columns];
        for (double[] b : blobs)
            for (int i = 0; i < columns; i++) b[i] = 10 + rnd.nextDouble() * 80;
        List<double[]> out = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            if (t % 5000 == 4999)
                for (int i = 0; i < columns; i++) blobs[t % 3][i] = 10 + rnd.nextDouble() * 80;
            double[] p = new double[columns];
            boolean blob = rnd.nextDouble() < inBlobs;
            double[] c = blobs[inBlobs >= 1 ? 0 : rnd.nextInt(3)];
            for (int i = 0; i < columns; i++)
                p[i] = blob ? c[i] + rnd.nextGaussian() : rnd.nextDouble() * 100;
            out.add(p);
        }
        return out;
    }
}
