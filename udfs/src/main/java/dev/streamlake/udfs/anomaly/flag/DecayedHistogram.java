package dev.streamlake.udfs.anomaly.flag;

import java.nio.ByteBuffer;

/**
 * Quantiles of a key's recent scores in constant space: weights in log-spaced bins from {@value
 * #MIN} to {@value #MAX} (each bin ~7.7 % wide; scores outside go to the end bins), each new score
 * weighing {@code 1/(1-1/window)} times the one before, so a score {@code window} points old counts
 * ~37 % of a new one. The decay is applied as a growing increment, rescaled before it can overflow,
 * so adding is O(1); a quantile walks the {@value #BINS} bins.
 *
 * <p>Plain arithmetic in a fixed order: the same scores give bit-identical quantiles, before and
 * after {@link #toBytes()} / {@link #fromBytes(byte[])}.
 */
final class DecayedHistogram {
    static final double MIN = 0.05;
    static final double MAX = 64;
    static final int BINS = 96;
    private static final double LOG_MIN = Math.log(MIN);
    private static final double BIN_WIDTH = (Math.log(MAX) - LOG_MIN) / BINS;
    private static final double RESCALE_AT = 1e150;
    private static final int BYTES = 8 + 8 + 8 + 8 * BINS;

    private final double growth;
    private final double[] weights;
    private double increment;
    private long count;

    DecayedHistogram(double window) {
        this(1 / (1 - 1 / window), new double[BINS], 1, 0);
    }

    private DecayedHistogram(double growth, double[] weights, double increment, long count) {
        this.growth = growth;
        this.weights = weights;
        this.increment = increment;
        this.count = count;
    }

    void add(double score) {
        int bin = (int) Math.floor((Math.log(score) - LOG_MIN) / BIN_WIDTH);
        weights[Math.max(0, Math.min(BINS - 1, bin))] += increment;
        increment *= growth;
        count++;
        if (increment > RESCALE_AT) {
            for (int i = 0; i < BINS; i++) weights[i] /= increment;
            increment = 1;
        }
    }

    long count() {
        return count;
    }

    /**
     * The q-quantile of the weighted scores, interpolated geometrically within its bin; 0 if empty.
     */
    double quantile(double q) {
        double total = 0;
        for (double w : weights) total += w;
        if (total == 0) return 0;
        double target = q * total;
        double below = 0;
        for (int i = 0; i < BINS; i++) {
            double w = weights[i];
            if (w > 0 && below + w >= target) {
                double within = (target - below) / w;
                return Math.exp(LOG_MIN + (i + within) * BIN_WIDTH);
            }
            below += w;
        }
        return MAX;
    }

    byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        b.putDouble(growth).putDouble(increment).putLong(count);
        for (double w : weights) b.putDouble(w);
        return b.array();
    }

    static DecayedHistogram fromBytes(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException(
                    "saved flag state has " + bytes.length + " bytes, expected " + BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        double growth = b.getDouble();
        double increment = b.getDouble();
        long count = b.getLong();
        double[] weights = new double[BINS];
        for (int i = 0; i < BINS; i++) weights[i] = b.getDouble();
        return new DecayedHistogram(growth, weights, increment, count);
    }
}
