package dev.streamlake.udfs.anomaly;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.returntypes.DiVector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * One Random Cut Forest over named feature columns: each point is scored first, then added to
 * the forest, as KDA's {@code RANDOM_CUT_FOREST} did. Not thread-safe (nor is the forest).
 *
 * <p><b>Missing features.</b> A point with a null, NaN or infinite feature is not scored and
 * not learned from ({@link AnomalyResult#skipped()}): imputing would teach the forest values
 * nobody measured, and a poisoned forest scores badly for a whole decay window. Nothing throws.
 */
public final class AnomalyScorer {
    /** Largest feature magnitude scored: Double.MAX_VALUE / 2^20, room for sums over many dimensions. */
    public static final double FEATURE_LIMIT = 1.7e302;
    private final List<String> features;
    private final RandomCutForest forest;

    private AnomalyScorer(List<String> features, RandomCutForest forest) {
        this.features = Collections.unmodifiableList(new ArrayList<>(features));
        this.forest = forest;
    }

    /** A new scorer with an empty forest. */
    public static AnomalyScorer create(RcfParams params, List<String> features) {
        return new AnomalyScorer(features, params.newForest(features.size()));
    }

    /** A scorer continuing from {@link #toBytes()}. */
    public static AnomalyScorer restore(List<String> features, byte[] state) {
        RandomCutForest forest = ForestCodec.fromBytes(state);
        int expected = features.size() * forest.getShingleSize();
        if (forest.getDimensions() != expected) {
            throw new IllegalArgumentException(
                    "saved forest has " + forest.getDimensions() + " dimensions, the features "
                            + features + " need " + expected);
        }
        return new AnomalyScorer(features, forest);
    }

    public byte[] toBytes() {
        return ForestCodec.toBytes(forest);
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
     * explanation is a second pass over the trees, as costly as the score: explaining only the
     * rows acted on (flagged ones) keeps the cost of the rest at one pass. The score is the same
     * whether or not the point is explained (the attribution pass changes nothing).
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
        forest.update(point);
        return new AnomalyResult(score, explanation);
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
