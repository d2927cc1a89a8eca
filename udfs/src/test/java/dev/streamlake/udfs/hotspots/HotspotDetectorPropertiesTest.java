package dev.streamlake.udfs.hotspots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.math3.ml.clustering.Cluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.DBSCANClusterer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Randomized windows: after every record the incremental detector's hotspots equal the from-scratch
 * {@link HotspotReference}'s on the same window, and the reference's core points group exactly as
 * Apache Commons Math's {@code DBSCANClusterer} (a peer we did not write) groups them. DBSCAN hands
 * a border point reachable from two clusters to whichever reached it first, so for borders the
 * check is that each DBSCAN cluster lies inside its hotspot.
 *
 * <p>Streams mix dense blobs that come and go, uniform noise, exact duplicates, integer grids
 * (distances of exactly scanRadius) and, in some seeds, values too large for the grid (|x| ~ 1e15).
 */
class HotspotDetectorPropertiesTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void incrementalEqualsReferenceOnEveryWindow(long seed) {
        Random rnd = new Random(seed);
        int columns = 1 + rnd.nextInt(4);
        int window = 8 + rnd.nextInt(64);
        double radius = rnd.nextBoolean() ? 1.0 : 0.2 + rnd.nextDouble() * 3;
        int minPoints = 2 + rnd.nextInt(5);
        HotspotParams params = HotspotParams.of(window, radius, minPoints);
        HotspotDetector detector = new HotspotDetector(params, columns);
        Deque<double[]> recent = new ArrayDeque<>();
        Points points = new Points(rnd, columns, seed % 4 == 0);
        int checked = 0;
        for (int t = 0; t < 600; t++) {
            double[] p = points.next();
            List<Hotspot> got = detector.add(p);
            recent.addLast(p.clone());
            if (recent.size() > window) recent.removeFirst();
            List<double[]> w = new ArrayList<>(recent);
            List<HotspotReference.Found> want = HotspotReference.hotspots(w, params);
            assertSameHotspots(got, want, "seed " + seed + " record " + t);
            assertDbscanAgrees(w, params, want, "seed " + seed + " record " + t);
            checked += want.size();
            if (t % 97 == 0) { // a restored detector continues exactly, ids included
                HotspotDetector restored = HotspotDetector.restore(params, detector.toBytes());
                assertThat(describe(restored.hotspots())).isEqualTo(describe(got));
                detector = restored;
            }
        }
        assertThat(checked).as("the stream must form hotspots at all").isPositive();
    }

    private static void assertSameHotspots(
            List<Hotspot> got, List<HotspotReference.Found> want, String where) {
        List<String> gotShapes =
                got.stream().map(h -> shape(h)).sorted().collect(Collectors.toList());
        List<String> wantShapes =
                want.stream().map(f -> shape(f.hotspot())).sorted().collect(Collectors.toList());
        assertThat(gotShapes).as(where).isEqualTo(wantShapes);
        assertThat(got.stream().map(Hotspot::id).distinct().count())
                .as(where + ": ids")
                .isEqualTo(got.size());
    }

    private static void assertDbscanAgrees(
            List<double[]> window,
            HotspotParams params,
            List<HotspotReference.Found> want,
            String where) {
        List<Indexed> pts = new ArrayList<>();
        for (int i = 0; i < window.size(); i++) pts.add(new Indexed(i, window.get(i)));
        // Commons Math counts neighbours without the point itself.
        List<Cluster<Indexed>> clusters =
                new DBSCANClusterer<Indexed>(params.scanRadius(), params.minPoints() - 1)
                        .cluster(pts);
        Set<BitSet> wantCores = want.stream().map(f -> f.cores()).collect(Collectors.toSet());
        Set<BitSet> dbscanCores = new HashSet<>();
        for (Cluster<Indexed> c : clusters) {
            BitSet all = new BitSet();
            c.getPoints().forEach(p -> all.set(p.index));
            BitSet cores = new BitSet();
            all.stream().filter(i -> isCore(window, i, params)).forEach(cores::set);
            dbscanCores.add(cores);
            HotspotReference.Found mine =
                    want.stream().filter(f -> f.cores().equals(cores)).findFirst().orElse(null);
            assertThat(mine).as(where + ": DBSCAN cluster " + all + " has no hotspot").isNotNull();
            BitSet outside = (BitSet) all.clone();
            outside.andNot(mine.members());
            assertThat(outside.isEmpty())
                    .as(where + ": DBSCAN cluster points outside the hotspot")
                    .isTrue();
        }
        assertThat(dbscanCores).as(where).isEqualTo(wantCores);
    }

    private static boolean isCore(List<double[]> window, int i, HotspotParams params) {
        int count = 0;
        for (double[] q : window)
            if (HotspotReference.distance(window.get(i), q) <= params.scanRadius()) count++;
        return count >= params.minPoints();
    }

    static String shape(Hotspot h) {
        return h.points()
                + " "
                + java.util.Arrays.toString(h.minValues())
                + " "
                + java.util.Arrays.toString(h.maxValues())
                + " "
                + h.density();
    }

    static String describe(List<Hotspot> hs) {
        return hs.stream().map(h -> h.id() + ":" + shape(h)).collect(Collectors.joining("; "));
    }

    /** A Clusterable with identity equality, so exact duplicates stay distinct points. */
    static final class Indexed implements Clusterable {
        final int index;
        final double[] point;

        Indexed(int index, double[] point) {
            this.index = index;
            this.point = point;
        }

        @Override
        public double[] getPoint() {
            return point;
        }
    }

    /** Blobs that move every so often, noise, duplicates, grid values; optionally huge values. */
    static final class Points {
        private final Random rnd;
        private final int columns;
        private final boolean huge;
        private final double[][] blobs;
        private double[] last;

        Points(Random rnd, int columns, boolean huge) {
            this.rnd = rnd;
            this.columns = columns;
            this.huge = huge;
            this.blobs = new double[3][columns];
            for (double[] b : blobs) move(b);
        }

        private void move(double[] blob) {
            for (int i = 0; i < columns; i++) blob[i] = rnd.nextDouble() * 20;
        }

        double[] next() {
            if (rnd.nextInt(60) == 0) move(blobs[rnd.nextInt(blobs.length)]);
            double[] p = new double[columns];
            int kind = rnd.nextInt(10);
            if (kind == 0 && last != null) return last.clone();
            for (int i = 0; i < columns; i++) {
                if (kind <= 2) p[i] = rnd.nextDouble() * 20;
                else if (kind == 3) p[i] = rnd.nextInt(8);
                else p[i] = blobs[kind % 3][i] + rnd.nextGaussian() * 0.6;
                if (huge && kind == 4) p[i] = p[i] * 1e15;
            }
            last = p;
            return p;
        }
    }
}
