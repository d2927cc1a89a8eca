package dev.streamlake.udfs.anomaly;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.returntypes.DiVector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * One Random Cut Forest over named feature columns: each point is scored first, then added to the
 * forest, as KDA's {@code RANDOM_CUT_FOREST} did. Not thread-safe (nor is the forest).
 *
 * <p><b>Missing features.</b> A point with a null, NaN or infinite feature is not scored and not
 * learned from ({@link AnomalyResult#skipped()}): imputing would teach the forest values nobody
 * measured, and a poisoned forest scores badly for a whole decay window. Nothing throws.
 *
 * <p>{@link #withTrcf} adds a {@link TrcfModel} beside the forest, for its grade columns; the
 * scores stay the plain forest's.
 */
public final class AnomalyScorer {
    /**
     * Largest feature magnitude scored: Double.MAX_VALUE / 2^20, room for sums over many
     * dimensions.
     */
    public static final double FEATURE_LIMIT = 1.7e302;

    /**
     * Starts the bytes of a scorer with a {@link TrcfModel}: a zero byte, which no protostuff
     * message (a forest alone, as saved before) starts with, as no field has number 0.
     */
    private static final byte[] WITH_TRCF = {0, 'T', 'R', 'C'};

    private final List<String> features;
    private final RandomCutForest forest;
    private final TrcfModel trcf;

    private AnomalyScorer(List<String> features, RandomCutForest forest, TrcfModel trcf) {
        this.features = Collections.unmodifiableList(new ArrayList<>(features));
        this.forest = forest;
        this.trcf = trcf;
    }

    /** A new scorer with an empty forest. */
    public static AnomalyScorer create(RcfParams params, List<String> features) {
        return new AnomalyScorer(features, params.newForest(features.size()), null);
    }

    /** This scorer with a thresholded forest beside (a new one, or its own if it has one). */
    public AnomalyScorer withTrcf(RcfParams params) {
        return trcf != null
                ? this
                : new AnomalyScorer(features, forest, TrcfModel.create(params, features));
    }

    /** This scorer without a thresholded forest. */
    public AnomalyScorer withoutTrcf() {
        return trcf == null ? this : new AnomalyScorer(features, forest, null);
    }

    public boolean hasTrcf() {
        return trcf != null;
    }

    /** A scorer continuing from {@link #toBytes()}. */
    public static AnomalyScorer restore(List<String> features, byte[] state) {
        byte[] forestBytes = state;
        TrcfModel trcf = null;
        if (state.length > WITH_TRCF.length && state[0] == 0) {
            ByteBuffer b =
                    ByteBuffer.wrap(state, WITH_TRCF.length, state.length - WITH_TRCF.length);
            forestBytes = new byte[b.getInt()];
            b.get(forestBytes);
            byte[] trcfBytes = new byte[b.remaining()];
            b.get(trcfBytes);
            trcf = TrcfModel.restore(features, trcfBytes);
        }
        RandomCutForest forest = ForestCodec.fromBytes(forestBytes);
        int expected = features.size() * forest.getShingleSize();
        if (forest.getDimensions() != expected) {
            throw new IllegalArgumentException(
                    "saved forest has "
                            + forest.getDimensions()
                            + " dimensions, the features "
                            + features
                            + " need "
                            + expected);
        }
        return new AnomalyScorer(features, forest, trcf);
    }

    /** The forest alone as {@link ForestCodec} writes it; with a thresholded forest, both. */
    public byte[] toBytes() {
        byte[] forestBytes = ForestCodec.toBytes(forest);
        if (trcf == null) return forestBytes;
        byte[] trcfBytes = trcf.toBytes();
        return ByteBuffer.allocate(WITH_TRCF.length + 4 + forestBytes.length + trcfBytes.length)
                .put(WITH_TRCF)
                .putInt(forestBytes.length)
                .put(forestBytes)
                .put(trcfBytes)
                .array();
    }

    public List<String> features() {
        return features;
    }

    /** Points learned so far. */
    public long updates() {
        return forest.getTotalUpdates();
    }

    /** Scores and explains the point, then learns it. */
    public AnomalyResult scoreThenUpdate(double[] point) {
        return scoreThenUpdate(point, score -> true);
    }

    /** Scores the point, then learns it; cheaper: no explanation. */
    public AnomalyResult scoreOnlyThenUpdate(double[] point) {
        return scoreThenUpdate(point, score -> false);
    }

    /**
     * Scores the point, explains it if {@code explainIf} accepts the score, then learns it. The
     * explanation is a second pass over the trees, as costly as the score: explaining only the rows
     * acted on (flagged ones) keeps the cost of the rest at one pass. The score is the same whether
     * or not the point is explained (the attribution pass changes nothing).
     */
    public AnomalyResult scoreThenUpdate(double[] point, DoublePredicate explainIf) {
        if (point == null || point.length != features.size() || !allFinite(point)) {
            return AnomalyResult.SKIPPED;
        }
        if (!withinLimit(point)) return AnomalyResult.OVERFLOW;
        double score = forest.getAnomalyScore(point);
        String explanation = null;
        if (explainIf.test(score)) {
            DiVector attribution = forest.getAnomalyAttribution(point);
            explanation = Explanation.toJson(features, attribution, score);
        }
        TrcfOutputs graded = trcf == null ? TrcfOutputs.NONE : trcf.process(point);
        forest.update(point);
        return new AnomalyResult(score, explanation, graded);
    }

    private static boolean withinLimit(double[] point) {
        for (double v : point) {
            if (Math.abs(v) > FEATURE_LIMIT) return false;
        }
        return true;
    }

    private static boolean allFinite(double[] point) {
        for (double v : point) {
            if (Double.isNaN(v) || Double.isInfinite(v)) return false;
        }
        return true;
    }
}
