package dev.streamlake.udfs.lake;

/**
 * The JSON text of a double, quickly, for the values sensors send: a number between 0.001 and 10^7
 * with at most three decimals (22.67, 1009.0) is written from its scaled integer ({@code 2267 /
 * 10^2}) instead of by the general shortest-digits search, which took a quarter of the row
 * encoder's time. The text is the same: the shortest digits that read back as the same double, in
 * {@link Double#toString}'s plain form; {@code ShortDecimalTest} checks it against Jackson's
 * writer. Other values are left to that writer.
 */
final class ShortDecimal {
    private static final double[] SCALE = {1, 10, 100, 1000};
    private static final long[] POWER = {1, 10, 100, 1000};

    /** Sign, 7 integer digits, point, 3 decimals. */
    static final int MAX_LENGTH = 12;

    private ShortDecimal() {}

    /**
     * Writes {@code v} into {@code out} and returns the length, or -1 if it is no short decimal.
     */
    static int format(double v, char[] out) {
        double a = Math.abs(v);
        if (!(a >= 1e-3 && a < 1e7)) return -1; // Double.toString's plain range; NaN fails too
        for (int k = 0; k < SCALE.length; k++) {
            long m = Math.round(a * SCALE[k]);
            // One correctly rounded division, as a parser reads "m / 10^k": the fewest decimals
            // that read back as v are its shortest digits (below 10^7 they are < 17 digits).
            if (m / SCALE[k] == a) return write(v < 0, m / POWER[k], m % POWER[k], k, out);
        }
        return -1;
    }

    private static int write(
            boolean negative, long whole, long fraction, int decimals, char[] out) {
        int end = 0;
        if (negative) out[end++] = '-';
        end = digits(whole, out, end);
        out[end++] = '.';
        if (decimals == 0) {
            out[end++] = '0';
            return end;
        }
        for (int i = decimals - 1; i >= 0; i--) {
            out[end + i] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        return end + decimals;
    }

    private static int digits(long v, char[] out, int at) {
        int length = 1;
        for (long t = v; t >= 10; t /= 10) length++;
        for (int i = at + length - 1; i >= at; i--) {
            out[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        return at + length;
    }
}
