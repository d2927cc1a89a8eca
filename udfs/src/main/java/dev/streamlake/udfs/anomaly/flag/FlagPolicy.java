package dev.streamlake.udfs.anomaly.flag;

import static dev.streamlake.udfs.Parameters.named;

import java.io.Serializable;

/**
 * How a key's scores become online flags (rows for the anomalies table): a decision per score from
 * that key's past scores only, never from later ones. Immutable and shared by all keys; each key
 * has its own {@link KeyFlagger}, whose state is a few hundred bytes.
 *
 * <ul>
 *   <li>{@link Rule#FIXED}: the score is at least {@code threshold} (KDA's way, one level for every
 *       key).
 *   <li>{@link Rule#ADAPTIVE}: the score is at least {@code factor} × the {@code quantile} of the
 *       key's recent scores (a decayed histogram over about {@code window} points), and at least
 *       {@code floor}. A noisy key's normal scores sit higher than a quiet key's; one global level
 *       cannot fit both.
 * </ul>
 *
 * <p><b>Warm-up.</b> Until a key has {@code warmUp} non-zero scores its quantile means little, so
 * the fixed {@code threshold} decides instead (a gross outlier still alerts on a young key).
 */
public final class FlagPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The rule that decides. */
    public enum Rule {
        FIXED,
        ADAPTIVE
    }

    private final Rule rule;
    private final double threshold;
    private final double quantile;
    private final double factor;
    private final double floor;
    private final double window;
    private final int warmUp;

    private FlagPolicy(Rule rule, AdaptiveBuilder b) {
        this.rule = rule;
        this.threshold = b.threshold;
        this.quantile = b.quantile;
        this.factor = b.factor;
        this.floor = b.floor;
        this.window = b.window;
        this.warmUp = b.warmUp;
    }

    /**
     * KDA's way: a score at least {@code threshold} is flagged, on every key alike (the adaptive
     * settings, at their defaults, go unused).
     */
    public static FlagPolicy fixed(double threshold) {
        return new FlagPolicy(Rule.FIXED, adaptiveBuilder(threshold));
    }

    /**
     * The adaptive rule, its arguments checked as {@link AdaptiveBuilder} checks them; a wrong one
     * is named ({@code quantile: expected ...}).
     */
    public static FlagPolicy adaptive(
            double threshold,
            double quantile,
            double factor,
            double floor,
            double window,
            int warmUp) {
        AdaptiveBuilder b = adaptiveBuilder(threshold);
        named("quantile", () -> b.quantile(quantile));
        named("factor", () -> b.factor(factor));
        named("floor", () -> b.floor(floor));
        named("window", () -> b.window(window));
        named("warm-up", () -> b.warmUp(warmUp));
        return b.build();
    }

    /**
     * The adaptive rule from the defaults, {@code threshold} deciding during warm-up. Each setter
     * rejects a bad value with the reason only; the caller knows where the value came from.
     */
    public static AdaptiveBuilder adaptiveBuilder(double threshold) {
        return new AdaptiveBuilder(threshold);
    }

    /** Builds the adaptive rule; see {@link #adaptiveBuilder}. */
    public static final class AdaptiveBuilder {
        private final double threshold;
        private double quantile = DEFAULT_QUANTILE;
        private double factor = DEFAULT_FACTOR;
        private double floor = DEFAULT_FLOOR;
        private double window = DEFAULT_WINDOW;
        private int warmUp = DEFAULT_WARM_UP;

        private AdaptiveBuilder(double threshold) {
            this.threshold = threshold;
        }

        public AdaptiveBuilder quantile(double quantile) {
            if (!(quantile > 0 && quantile < 1)) {
                throw new IllegalArgumentException(
                        "expected between 0 and 1 (exclusive), got " + quantile);
            }
            this.quantile = quantile;
            return this;
        }

        public AdaptiveBuilder factor(double factor) {
            if (!(factor > 0) || Double.isInfinite(factor))
                throw new IllegalArgumentException("expected a positive number, got " + factor);
            this.factor = factor;
            return this;
        }

        public AdaptiveBuilder floor(double floor) {
            if (!(floor >= 0) || Double.isInfinite(floor))
                throw new IllegalArgumentException("expected a number at least 0, got " + floor);
            this.floor = floor;
            return this;
        }

        public AdaptiveBuilder window(double window) {
            if (!(window >= 10) || Double.isInfinite(window))
                throw new IllegalArgumentException("expected at least 10 points, got " + window);
            this.window = window;
            return this;
        }

        public AdaptiveBuilder warmUp(int warmUp) {
            if (warmUp < 0)
                throw new IllegalArgumentException("expected at least 0, got " + warmUp);
            this.warmUp = warmUp;
            return this;
        }

        public FlagPolicy build() {
            return new FlagPolicy(Rule.ADAPTIVE, this);
        }
    }

    /**
     * The default: adaptive, with the settings the labelled benchmark chose
     * (docs/ANOMALY_SCORING.md).
     */
    public static FlagPolicy defaults(double threshold) {
        return adaptiveBuilder(threshold).build();
    }

    public static final double DEFAULT_QUANTILE = 0.99;
    public static final double DEFAULT_FACTOR = 1.1;
    public static final double DEFAULT_FLOOR = 2.8;
    public static final double DEFAULT_WINDOW = 2000;
    public static final int DEFAULT_WARM_UP = 200;

    /** A new key's flagger. */
    public KeyFlagger newFlagger() {
        return rule == Rule.FIXED
                ? new KeyFlagger(this, null)
                : new KeyFlagger(this, new DecayedHistogram(window));
    }

    /** A key's flagger continuing from {@link KeyFlagger#toBytes()}. */
    public KeyFlagger restore(byte[] bytes) {
        return rule == Rule.FIXED
                ? new KeyFlagger(this, null)
                : new KeyFlagger(this, DecayedHistogram.fromBytes(bytes));
    }

    public Rule rule() {
        return rule;
    }

    public double threshold() {
        return threshold;
    }

    public double quantile() {
        return quantile;
    }

    public double factor() {
        return factor;
    }

    public double floor() {
        return floor;
    }

    public double window() {
        return window;
    }

    public int warmUp() {
        return warmUp;
    }

    @Override
    public String toString() {
        return rule == Rule.FIXED
                ? "fixed(threshold=" + threshold + ")"
                : "adaptive(quantile="
                        + quantile
                        + ", factor="
                        + factor
                        + ", floor="
                        + floor
                        + ", window="
                        + window
                        + ", warmUp="
                        + warmUp
                        + ", threshold while warming up="
                        + threshold
                        + ")";
    }
}
