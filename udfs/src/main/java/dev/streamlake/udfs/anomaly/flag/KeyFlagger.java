package dev.streamlake.udfs.anomaly.flag;

/**
 * One key's online flag decisions under a {@link FlagPolicy}: {@link #flag(double)} decides on a
 * score from the scores before it, then learns it. Not thread-safe. Its state ({@link #toBytes()})
 * restores to a flagger deciding exactly as this one would have.
 */
public final class KeyFlagger {
    private final FlagPolicy policy;
    private final DecayedHistogram recent; // null for the fixed rule: nothing to learn

    KeyFlagger(FlagPolicy policy, DecayedHistogram recent) {
        this.policy = policy;
        this.recent = recent;
    }

    /**
     * Whether this score is an anomaly for the key. Zero (the forest's warm-up) and non-finite
     * scores are never flagged and not learned.
     */
    public boolean flag(double score) {
        if (!(score > 0) || Double.isInfinite(score)) return false;
        if (recent == null) return score >= policy.threshold();
        boolean flagged =
                recent.count() < policy.warmUp()
                        ? score >= policy.threshold()
                        : score >= threshold();
        recent.add(score);
        return flagged;
    }

    /** The level a score must reach now: the fixed threshold, or the key's adaptive one. */
    public double threshold() {
        if (recent == null || recent.count() < policy.warmUp()) return policy.threshold();
        return Math.max(policy.floor(), policy.factor() * recent.quantile(policy.quantile()));
    }

    /** Scores learned (0 for the fixed rule). */
    public long learned() {
        return recent == null ? 0 : recent.count();
    }

    /** The state to keep in a checkpoint (empty for the fixed rule). */
    public byte[] toBytes() {
        return recent == null ? new byte[0] : recent.toBytes();
    }
}
