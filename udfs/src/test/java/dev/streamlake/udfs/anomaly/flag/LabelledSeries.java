package dev.streamlake.udfs.anomaly.flag;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A labelled synthetic fleet for judging online flags: one metric per key, a point every 5 minutes
 * (daily period 288 points, weekly 2016), deterministic from a seed. Each key has its own normal
 * level (1 to 1000), AR(1) noise with occasional heavy-tailed bursts, daily and weekly seasonality
 * and a linear trend, then 2 or 3 labelled anomaly windows of these kinds: a spike (1–3 points), a
 * level shift (labelled for its first 12 points, then the new normal), a variance change (noise ×4
 * for 100 points) and a slow drift (a ramp over 150 points that stays). Sizes are in units of the
 * key's spread (noise and seasonal swing together), so that a one-point forest can see them at all.
 *
 * <p>A hand-made stand-in, not real data: the real-world series are kept outside this
 * project. Its thresholds are chosen on seed {@link #TUNING_SEED}, and quality is asserted on
 * {@link #TEST_SEED}, which tuning never saw.
 */
final class LabelledSeries {
    static final long TUNING_SEED = 1;
    static final long TEST_SEED = 2;
    static final int POINTS = 3000;

    /** No anomaly starts before this point; flags before it are not evaluated (warm-up). */
    static final int EVALUATED_FROM = 500;

    static final int FIRST_ANOMALY = 700;

    enum Kind {
        SPIKE,
        LEVEL_SHIFT,
        VARIANCE_CHANGE,
        SLOW_DRIFT
    }

    /** A labelled window [start, end) of one kind. */
    record Window(Kind kind, int start, int end) {}

    final String key;
    final double[] values;
    final List<Window> windows;

    private LabelledSeries(String key, double[] values, List<Window> windows) {
        this.key = key;
        this.values = values;
        this.windows = windows;
    }

    /** Whether point i lies in a labelled window. */
    boolean anomalous(int i) {
        for (Window w : windows) {
            if (i >= w.start() && i < w.end()) return true;
        }
        return false;
    }

    static List<LabelledSeries> fleet(long seed, int keys) {
        List<LabelledSeries> out = new ArrayList<>();
        for (int k = 0; k < keys; k++)
            out.add(generate("key-" + k, new Random(seed * 1_000_003 + k)));
        return out;
    }

    private static LabelledSeries generate(String key, Random r) {
        double level = Math.pow(10, 3 * r.nextDouble());
        double sigma = level * (0.01 + 0.04 * r.nextDouble());
        double daily = level * 0.15 * r.nextDouble();
        double weekly = level * 0.08 * r.nextDouble();
        double trend = level * (r.nextDouble() - 0.5) * 0.3 / POINTS;
        double phi = 0.7 * r.nextDouble();
        double phase = 2 * Math.PI * r.nextDouble();
        double spread = Math.sqrt(sigma * sigma + (daily * daily + weekly * weekly) / 2);

        List<Window> windows = new ArrayList<>();
        int count = 2 + r.nextInt(2);
        int slot = (POINTS - FIRST_ANOMALY) / count;
        double[] add = new double[POINTS];
        double[] noiseScale = new double[POINTS];
        java.util.Arrays.fill(noiseScale, 1);
        for (int a = 0; a < count; a++) {
            Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
            int start = FIRST_ANOMALY + a * slot + r.nextInt(slot - 260);
            double sign = r.nextBoolean() ? 1 : -1;
            switch (kind) {
                case SPIKE:
                    {
                        int len = 1 + r.nextInt(3);
                        double size = sign * spread * (4 + 4 * r.nextDouble());
                        for (int i = start; i < start + len; i++) add[i] += size;
                        windows.add(new Window(kind, start, start + len));
                        break;
                    }
                case LEVEL_SHIFT:
                    {
                        double size = sign * spread * (3 + 2 * r.nextDouble());
                        for (int i = start; i < POINTS; i++) add[i] += size;
                        windows.add(new Window(kind, start, start + 12));
                        break;
                    }
                case VARIANCE_CHANGE:
                    {
                        for (int i = start; i < start + 100; i++) noiseScale[i] = 4;
                        windows.add(new Window(kind, start, start + 100));
                        break;
                    }
                default:
                    {
                        double size = sign * spread * 4;
                        for (int i = start; i < POINTS; i++)
                            add[i] += size * Math.min(1, (i - start + 1) / 150.0);
                        windows.add(new Window(kind, start, start + 150));
                        break;
                    }
            }
        }
        double[] values = new double[POINTS];
        double ar = 0;
        for (int i = 0; i < POINTS; i++) {
            double shock = r.nextGaussian();
            if (r.nextDouble() < 0.01)
                shock *= 2.5; // occasional heavy-tailed bursts, labelled normal
            ar = phi * ar + Math.sqrt(1 - phi * phi) * shock;
            values[i] =
                    level
                            + daily * Math.sin(2 * Math.PI * i / 288 + phase)
                            + weekly * Math.sin(2 * Math.PI * i / 2016)
                            + trend * i
                            + sigma * noiseScale[i] * ar
                            + add[i];
        }
        return new LabelledSeries(key, values, windows);
    }
}
