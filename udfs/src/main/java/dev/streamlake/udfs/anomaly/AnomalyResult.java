package dev.streamlake.udfs.anomaly;

/** The score of one point, and its explanation when asked for; see {@link AnomalyScorer}. */
public final class AnomalyResult {
    /** A point with a missing feature: neither scored nor learned. */
    public static final AnomalyResult SKIPPED = new AnomalyResult(Double.NaN, null);

    private final double score;
    private final String explanation;

    AnomalyResult(double score, String explanation) {
        this.score = score;
        this.explanation = explanation;
    }

    /** A result read back from storage. */
    public static AnomalyResult of(double score, String explanation) {
        return new AnomalyResult(score, explanation);
    }

    public boolean skipped() {
        return this == SKIPPED;
    }

    /** 0 until the forest has seen output-after points; NaN when skipped. */
    public double score() {
        return score;
    }

    /** The score or null when skipped: the form the lake's column takes. */
    public Double scoreOrNull() {
        return skipped() ? null : score;
    }

    /** KDA's explanation JSON ({@link Explanation}), or null when skipped or not asked for. */
    public String explanation() {
        return explanation;
    }
}
