package dev.streamlake.udfs.anomaly;

/** The score of one point, and its explanation when asked for; see {@link AnomalyScorer}. */
public final class AnomalyResult {
    /** A point with a missing feature: neither scored nor learned. */
    public static final AnomalyResult SKIPPED = new AnomalyResult(Double.NaN, null);

    /** A point with a feature too large for the forest's arithmetic: neither scored nor learned. */
    public static final AnomalyResult OVERFLOW = new AnomalyResult(Double.NaN, null);

    private final double score;
    private final String explanation;
    private final TrcfOutputs trcf;

    AnomalyResult(double score, String explanation) {
        this(score, explanation, TrcfOutputs.NONE);
    }

    AnomalyResult(double score, String explanation, TrcfOutputs trcf) {
        this.score = score;
        this.explanation = explanation;
        this.trcf = trcf;
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

    /**
     * Scored, but the forest's arithmetic overflowed (features near ±Double.MAX_VALUE): the score
     * or an attribution of the explanation is NaN or infinite, which no lake column can hold as a
     * number; they are null instead.
     */
    public boolean nonFinite() {
        return !skipped()
                && (!Double.isFinite(score)
                        || (explanation != null && explanation.contains(Explanation.NON_FINITE)));
    }

    /**
     * The score, or null when skipped or {@linkplain #nonFinite() non-finite}: the form the lake's
     * column takes (never the string "NaN").
     */
    public Double scoreOrNull() {
        return Double.isFinite(score) ? score : null;
    }

    /** KDA's explanation JSON ({@link Explanation}), or null when skipped or not asked for. */
    public String explanation() {
        return explanation;
    }

    /** The thresholded forest's outputs; all null when skipped or without one. */
    public TrcfOutputs trcf() {
        return trcf;
    }
}
