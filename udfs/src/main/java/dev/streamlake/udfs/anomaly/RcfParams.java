package dev.streamlake.udfs.anomaly;

import com.amazon.randomcutforest.RandomCutForest;
import java.io.Serializable;

/**
 * The parameters of one Random Cut Forest, with Kinesis Data Analytics SQL's defaults ({@code
 * RANDOM_CUT_FOREST(in, 100, 256, 100000, 1)}) rather than the library's own (50 trees, decay
 * 1/(10·sampleSize)), so that a migrated KDA query scores alike.
 *
 * <p>Immutable; build with {@link #builder()}. Defaults: 100 trees, sample size 256, time-decay
 * window 100000 points (library rate 1/100000), shingle size 1, output after sampleSize/4 points,
 * seed 42.
 */
public final class RcfParams implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int trees;
    private final int sampleSize;
    private final double timeDecayWindow;
    private final int shingleSize;
    private final int outputAfter;
    private final long seed;

    private RcfParams(Builder b) {
        this.trees = b.trees;
        this.sampleSize = b.sampleSize;
        this.timeDecayWindow = b.timeDecayWindow;
        this.shingleSize = b.shingleSize;
        this.outputAfter = b.outputAfter == null ? b.sampleSize / 4 : b.outputAfter;
        this.seed = b.seed;
    }

    public static RcfParams kdaDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A new, empty forest over {@code features} values per point. With a shingle size above 1 the
     * forest shingles internally: callers pass each point's features only.
     */
    public RandomCutForest newForest(int features) {
        if (features < 1) throw new IllegalArgumentException("features: expected at least 1");
        return RandomCutForest.builder()
                .dimensions(features * shingleSize)
                .shingleSize(shingleSize)
                .internalShinglingEnabled(shingleSize > 1)
                .numberOfTrees(trees)
                .sampleSize(sampleSize)
                .timeDecay(1.0 / timeDecayWindow)
                .outputAfter(outputAfter)
                .randomSeed(seed)
                .build();
    }

    public int trees() {
        return trees;
    }

    public int sampleSize() {
        return sampleSize;
    }

    /**
     * KDA's timeDecay: the number of recent points that matter; the library rate is its inverse.
     */
    public double timeDecayWindow() {
        return timeDecayWindow;
    }

    public int shingleSize() {
        return shingleSize;
    }

    public int outputAfter() {
        return outputAfter;
    }

    public long seed() {
        return seed;
    }

    @Override
    public String toString() {
        return "RcfParams{trees="
                + trees
                + ", sampleSize="
                + sampleSize
                + ", timeDecayWindow="
                + timeDecayWindow
                + ", shingleSize="
                + shingleSize
                + ", outputAfter="
                + outputAfter
                + ", seed="
                + seed
                + "}";
    }

    /**
     * Builds {@link RcfParams}. Each method rejects a bad value at once, saying what is wrong but
     * not under which name: its caller knows which setting it passed.
     */
    public static final class Builder {
        private int trees = 100;
        private int sampleSize = 256;
        private double timeDecayWindow = 100_000;
        private int shingleSize = 1;
        private Integer outputAfter;
        private long seed = 42;

        private Builder() {}

        public Builder trees(int trees) {
            this.trees = atLeast(1, trees);
            return this;
        }

        public Builder sampleSize(int sampleSize) {
            this.sampleSize = atLeast(2, sampleSize);
            return this;
        }

        public Builder timeDecayWindow(double points) {
            if (!(points > 0) || Double.isInfinite(points)) {
                throw new IllegalArgumentException(
                        "expected a positive number of points, got " + points);
            }
            this.timeDecayWindow = points;
            return this;
        }

        public Builder shingleSize(int shingleSize) {
            this.shingleSize = atLeast(1, shingleSize);
            return this;
        }

        /** Points a forest must have seen before its scores are non-zero; null for sampleSize/4. */
        public Builder outputAfter(Integer outputAfter) {
            this.outputAfter = outputAfter == null ? null : atLeast(1, outputAfter);
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public RcfParams build() {
            return new RcfParams(this);
        }

        private static int atLeast(int min, int v) {
            if (v < min)
                throw new IllegalArgumentException("expected at least " + min + ", got " + v);
            return v;
        }
    }
}
