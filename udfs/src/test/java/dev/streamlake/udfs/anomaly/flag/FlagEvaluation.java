package dev.streamlake.udfs.anomaly.flag;

import dev.streamlake.udfs.anomaly.AnomalyScorer;
import dev.streamlake.udfs.anomaly.RcfParams;
import dev.streamlake.udfs.anomaly.flag.LabelledSeries.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Window recall, false-positive rate and precision of flags on {@link LabelledSeries}: a window is
 * found when a flag falls in it (or in the {@value #GRACE} points after it: an alert a few points
 * late is still an alert); a false positive is a flag on a point outside every window and its
 * grace; precision is flags in windows over all flags. Only points from {@link
 * LabelledSeries#EVALUATED_FROM} count.
 *
 * <p>{@link #hindsightBest} is the yardstick nobody has online: per key, the one threshold on the
 * same scores that, knowing the labels, maximises that key's F1 of window recall and precision.
 */
final class FlagEvaluation {
    static final int GRACE = 3;

    /** Totals over keys. */
    static final class Quality {
        int windows;
        int found;
        long normal;
        long falsePositives;
        long flags;
        long flagsInWindows;
        final int[] windowsByKind = new int[LabelledSeries.Kind.values().length];
        final int[] foundByKind = new int[LabelledSeries.Kind.values().length];

        double recall() {
            return windows == 0 ? 0 : (double) found / windows;
        }

        double fpr() {
            return normal == 0 ? 0 : (double) falsePositives / normal;
        }

        double precision() {
            return flags == 0 ? 0 : (double) flagsInWindows / flags;
        }

        void add(Quality q) {
            windows += q.windows;
            found += q.found;
            normal += q.normal;
            falsePositives += q.falsePositives;
            flags += q.flags;
            flagsInWindows += q.flagsInWindows;
            for (int k = 0; k < windowsByKind.length; k++) {
                windowsByKind[k] += q.windowsByKind[k];
                foundByKind[k] += q.foundByKind[k];
            }
        }

        /** Windows found per kind, e.g. {@code SPIKE 30/31}. */
        String byKind() {
            StringBuilder b = new StringBuilder();
            for (LabelledSeries.Kind k : LabelledSeries.Kind.values()) {
                if (b.length() > 0) b.append(", ");
                b.append(k).append(' ').append(foundByKind[k.ordinal()]);
                b.append('/').append(windowsByKind[k.ordinal()]);
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%d of %d windows (recall %.1f%%), FPR %.3f%%, precision %.1f%%",
                    found,
                    windows,
                    100 * recall(),
                    100 * fpr(),
                    100 * precision());
        }
    }

    /** The scores of one key's series, as the operator computes them (score, then learn). */
    static double[] scores(LabelledSeries s, RcfParams params) {
        AnomalyScorer scorer = AnomalyScorer.create(params, List.of("value"));
        double[] scores = new double[s.values.length];
        double[] point = new double[1];
        for (int i = 0; i < scores.length; i++) {
            point[0] = s.values[i];
            scores[i] = scorer.scoreOnlyThenUpdate(point).score();
        }
        return scores;
    }

    /** The online flags of a policy: each decided before the next score is seen. */
    static boolean[] online(double[] scores, FlagPolicy policy) {
        KeyFlagger flagger = policy.newFlagger();
        boolean[] flags = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) flags[i] = flagger.flag(scores[i]);
        return flags;
    }

    static boolean[] over(double[] scores, double threshold) {
        boolean[] flags = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) flags[i] = scores[i] >= threshold && scores[i] > 0;
        return flags;
    }

    static Quality quality(LabelledSeries s, boolean[] flags) {
        Quality q = new Quality();
        boolean[] inGrace = new boolean[flags.length];
        for (Window w : s.windows) {
            q.windows++;
            q.windowsByKind[w.kind().ordinal()]++;
            boolean found = false;
            for (int i = w.start(); i < Math.min(flags.length, w.end() + GRACE); i++) {
                inGrace[i] = true;
                found |= flags[i];
            }
            if (found) {
                q.found++;
                q.foundByKind[w.kind().ordinal()]++;
            }
        }
        for (int i = LabelledSeries.EVALUATED_FROM; i < flags.length; i++) {
            boolean anomalous = s.anomalous(i);
            if (flags[i]) {
                q.flags++;
                if (anomalous) q.flagsInWindows++;
            }
            if (!inGrace[i]) {
                q.normal++;
                if (flags[i]) q.falsePositives++;
            }
        }
        return q;
    }

    /**
     * The best single threshold for this key in hindsight (max F1 of window recall and precision).
     */
    static Quality hindsightBest(LabelledSeries s, double[] scores) {
        TreeSet<Double> candidates = new TreeSet<>();
        for (Window w : s.windows) {
            double max = 0;
            for (int i = w.start(); i < Math.min(scores.length, w.end() + GRACE); i++)
                max = Math.max(max, scores[i]);
            if (max > 0) candidates.add(max);
        }
        Quality best = quality(s, over(scores, Double.MAX_VALUE));
        double bestF1 = 0;
        for (double t : candidates) {
            Quality q = quality(s, over(scores, t));
            double f1 =
                    q.found == 0
                            ? 0
                            : 2 * q.recall() * q.precision() / (q.recall() + q.precision());
            if (f1 > bestF1) {
                bestF1 = f1;
                best = q;
            }
        }
        return best;
    }

    /** Totals of a policy's online flags over the fleet. */
    static Quality online(List<LabelledSeries> fleet, List<double[]> scores, FlagPolicy policy) {
        Quality total = new Quality();
        for (int k = 0; k < fleet.size(); k++)
            total.add(quality(fleet.get(k), online(scores.get(k), policy)));
        return total;
    }

    static Quality hindsight(List<LabelledSeries> fleet, List<double[]> scores) {
        Quality total = new Quality();
        for (int k = 0; k < fleet.size(); k++)
            total.add(hindsightBest(fleet.get(k), scores.get(k)));
        return total;
    }

    static List<double[]> scores(List<LabelledSeries> fleet, RcfParams params) {
        List<double[]> out = new ArrayList<>();
        for (LabelledSeries s : fleet) out.add(scores(s, params));
        return out;
    }

    /** Totals of given flags (one array per key) over the fleet. */
    static Quality total(List<LabelledSeries> fleet, List<boolean[]> flags) {
        Quality total = new Quality();
        for (int k = 0; k < fleet.size(); k++) total.add(quality(fleet.get(k), flags.get(k)));
        return total;
    }

    static List<boolean[]> and(List<boolean[]> a, List<boolean[]> b) {
        return combine(a, b, true);
    }

    static List<boolean[]> or(List<boolean[]> a, List<boolean[]> b) {
        return combine(a, b, false);
    }

    private static List<boolean[]> combine(List<boolean[]> a, List<boolean[]> b, boolean and) {
        List<boolean[]> out = new ArrayList<>();
        for (int k = 0; k < a.size(); k++) {
            boolean[] x = a.get(k);
            boolean[] y = b.get(k);
            boolean[] z = new boolean[x.length];
            for (int i = 0; i < z.length; i++) z[i] = and ? x[i] && y[i] : x[i] || y[i];
            out.add(z);
        }
        return out;
    }

    /**
     * {@link #scores(List, RcfParams)}, kept in {@code -Dscores.cache=DIR} when given (a forest per
     * key takes minutes here; the scores are deterministic from the seed and the parameters).
     */
    static List<double[]> cachedScores(List<LabelledSeries> fleet, RcfParams params, long seed) {
        String dir = System.getProperty("scores.cache");
        if (dir == null) return scores(fleet, params);
        java.nio.file.Path file =
                java.nio.file.Path.of(dir, "scores-" + seed + "-" + params.toString().hashCode());
        try {
            if (java.nio.file.Files.exists(file)) {
                java.nio.ByteBuffer b =
                        java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file));
                List<double[]> out = new ArrayList<>();
                for (LabelledSeries s : fleet) {
                    double[] x = new double[s.values.length];
                    for (int i = 0; i < x.length; i++) x[i] = b.getDouble();
                    out.add(x);
                }
                return out;
            }
            List<double[]> out = scores(fleet, params);
            java.nio.ByteBuffer b =
                    java.nio.ByteBuffer.allocate(8 * fleet.size() * LabelledSeries.POINTS);
            for (double[] x : out) for (double v : x) b.putDouble(v);
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.write(file, b.array());
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
