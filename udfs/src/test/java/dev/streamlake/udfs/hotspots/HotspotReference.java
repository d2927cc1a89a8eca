package dev.streamlake.udfs.hotspots;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The definition of docs/HOTSPOTS.md computed from scratch over one window, O(n²), for tests and
 * the benchmark: core points have at least minPoints points (themselves included) within
 * scanRadius; a hotspot is a connected set of cores (linked when within scanRadius) plus every
 * point within scanRadius of one of them. It is itself checked against Commons Math's {@code
 * DBSCANClusterer} in {@link HotspotDetectorPropertiesTest}.
 */
final class HotspotReference {
    /** One hotspot: its core points and all its points, as indexes into the window. */
    record Found(BitSet cores, BitSet members, Hotspot hotspot) {}

    private HotspotReference() {}

    static List<Found> hotspots(List<double[]> window, HotspotParams params) {
        int n = window.size();
        double r = params.scanRadius();
        boolean[][] near = new boolean[n][n];
        boolean[] core = new boolean[n];
        for (int a = 0; a < n; a++) {
            int count = 0;
            for (int b = 0; b < n; b++) {
                near[a][b] = distance(window.get(a), window.get(b)) <= r;
                if (near[a][b]) count++;
            }
            core[a] = count >= params.minPoints();
        }
        List<Found> found = new ArrayList<>();
        boolean[] seen = new boolean[n];
        for (int start = 0; start < n; start++) {
            if (!core[start] || seen[start]) continue;
            BitSet cores = new BitSet();
            List<Integer> stack = new ArrayList<>(List.of(start));
            seen[start] = true;
            while (!stack.isEmpty()) {
                int k = stack.remove(stack.size() - 1);
                cores.set(k);
                for (int q = 0; q < n; q++) {
                    if (near[k][q] && core[q] && !seen[q]) {
                        seen[q] = true;
                        stack.add(q);
                    }
                }
            }
            BitSet members = (BitSet) cores.clone();
            cores.stream()
                    .forEach(
                            k -> {
                                for (int q = 0; q < n; q++) if (near[k][q]) members.set(q);
                            });
            int columns = window.get(start).length;
            double[] min = new double[columns];
            double[] max = new double[columns];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            members.stream()
                    .forEach(
                            q -> {
                                for (int i = 0; i < columns; i++) {
                                    min[i] = Math.min(min[i], window.get(q)[i]);
                                    max[i] = Math.max(max[i], window.get(q)[i]);
                                }
                            });
            found.add(
                    new Found(cores, members, new Hotspot(0, members.cardinality(), min, max, r)));
        }
        return found;
    }

    /** Commons Math's {@code MathArrays.distance}: sqrt of the sum of squared differences. */
    static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}
