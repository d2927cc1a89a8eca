package dev.streamlake.udfs.anomaly;

/**
 * Named forest sizes ({@code scoring.profile}): the trees and sample size a forest gets unless set
 * one by one. {@link #KDA} is KDA SQL's 100 × 256 (~0.9 MB of heap and ~0.44 MB of state per key at
 * one feature); {@link #FLEET} is 30 × 64 (~13× less of each, see docs/ANOMALY_SCORING.md for its
 * detection trade-off, measured on labelled data) for many keys per slot.
 */
public enum RcfProfile {
    KDA(100, 256),
    FLEET(30, 64);

    private final int trees;
    private final int sampleSize;

    RcfProfile(int trees, int sampleSize) {
        this.trees = trees;
        this.sampleSize = sampleSize;
    }

    public int trees() {
        return trees;
    }

    public int sampleSize() {
        return sampleSize;
    }

    /** A builder with this profile's sizes and KDA's other defaults. */
    public RcfParams.Builder builder() {
        return RcfParams.builder().trees(trees).sampleSize(sampleSize);
    }
}
