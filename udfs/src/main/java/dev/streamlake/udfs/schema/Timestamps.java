package dev.streamlake.udfs.schema;

/**
 * Allocation-free parsing and formatting of UTC timestamps, on the per-record path.
 *
 * <p>{@link java.time.format.DateTimeFormatter} is correct but costs a microsecond and several
 * objects per call; these few hand-written routines cover the formats the lake reads and writes.
 */
public final class Timestamps {
    /** Returned by the parsers when the input is not a valid timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    /** Epoch numbers with an absolute value below this are seconds when both units are allowed. */
    public static final double SECONDS_MILLIS_CUTOFF = 1e11; // 1e11 s is the year 5138

    private static final long MAX_EPOCH_MILLIS = 253402300799999L; // 9999-12-31T23:59:59.999Z

    /** The first instant {@link #appendUtc} writes as {@code yyyy-MM-dd ...}: 0000-01-01T00:00Z. */
    public static final long FIRST_WRITABLE = -62167219200000L;

    /**
     * The last one: 9999-12-31T23:59:59.999Z. Beyond these the year has more than four digits or a
     * sign.
     */
    public static final long LAST_WRITABLE = MAX_EPOCH_MILLIS;

    private Timestamps() {}

    /**
     * Parses {@code yyyy-MM-dd[T| ]HH:mm[:ss[.fraction]][Z|±HH:mm|±HHmm|±HH]} into epoch millis.
     * Without an offset the time is taken as UTC. Fractions beyond milliseconds are truncated.
     */
    public static long parseIso(CharSequence s) {
        int n = s.length();
        if (n < 16) return INVALID;
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        char sep = s.charAt(10);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > daysInMonth(year, month)
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(13) != ':'
                || (sep != 'T' && sep != 't' && sep != ' ')) {
            return INVALID;
        }
        int i = 16;
        int second = 0;
        int millis = 0;
        if (i < n && s.charAt(i) == ':') {
            second = digits(s, i + 1, 2);
            if (second < 0 || second > 59) return INVALID;
            i += 3;
            if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                int start = ++i;
                while (i < n && isDigit(s.charAt(i))) {
                    if (i - start < 3) millis = millis * 10 + (s.charAt(i) - '0');
                    i++;
                }
                int len = i - start;
                if (len == 0 || len > 9) return INVALID;
                for (int k = len; k < 3; k++) millis *= 10;
            }
        }
        int offsetSeconds = 0;
        if (i < n) {
            char z = s.charAt(i);
            if ((z == 'Z' || z == 'z') && i + 1 == n) {
                i++;
            } else if (z == '+' || z == '-') {
                int oh = digits(s, i + 1, 2);
                int om = 0;
                int rest = n - (i + 3);
                if (rest == 3 && s.charAt(i + 3) == ':') om = digits(s, i + 4, 2);
                else if (rest == 2) om = digits(s, i + 3, 2);
                else if (rest != 0) return INVALID;
                if (oh < 0 || oh > 18 || om < 0 || om > 59) return INVALID;
                offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
                i = n;
            } else {
                return INVALID;
            }
        }
        if (i != n) return INVALID;
        long epochSecond =
                daysFromCivil(year, month, day) * 86400L
                        + hour * 3600L
                        + minute * 60L
                        + second
                        - offsetSeconds;
        return epochSecond * 1000L + millis;
    }

    /** Converts an epoch number in seconds (fraction allowed) to millis, or {@link #INVALID}. */
    public static long fromEpochSeconds(double seconds) {
        if (!Double.isFinite(seconds)) return INVALID;
        double millis = Math.floor(seconds * 1000.0 + 0.5);
        return inRange(millis) ? (long) millis : INVALID;
    }

    /** Converts an epoch number in millis to a long, or {@link #INVALID}. */
    public static long fromEpochMillis(double millis) {
        if (!Double.isFinite(millis)) return INVALID;
        double rounded = Math.floor(millis + 0.5);
        return inRange(rounded) ? (long) rounded : INVALID;
    }

    private static boolean inRange(double millis) {
        return millis >= -MAX_EPOCH_MILLIS && millis <= MAX_EPOCH_MILLIS;
    }

    /** Appends {@code yyyy-MM-dd HH:mm:ss.SSS} (UTC): the form Athena reads for TIMESTAMP. */
    public static StringBuilder appendUtc(long epochMillis, StringBuilder out) {
        long epochSecond = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        appendDateHour(epochSecond, out, ' ');
        int secondOfHour = (int) Math.floorMod(epochSecond, 3600L);
        out.append(':');
        pad2(secondOfHour / 60, out);
        out.append(':');
        pad2(secondOfHour % 60, out);
        out.append('.');
        if (millis < 100) out.append('0');
        if (millis < 10) out.append('0');
        return out.append(millis);
    }

    /**
     * Formats {@code yyyy-MM-dd HH:mm:ss.SSS} (UTC) into one reused buffer, computing the date and
     * time only when the second changes: rows written in time order mostly share it. Not
     * thread-safe; one per writer.
     */
    public static final class UtcText {
        /** The length of every timestamp between the years 0 and 9999. */
        public static final int LENGTH = 23;

        private final char[] text = new char[LENGTH];
        private final StringBuilder scratch = new StringBuilder(32);
        private long second = Long.MIN_VALUE;

        /**
         * The text of {@code epochMillis} in {@link #chars()}, or false for a year outside 0–9999
         * (a longer text), which {@link #appendUtc} writes instead.
         */
        public boolean format(long epochMillis) {
            long s = Math.floorDiv(epochMillis, 1000L);
            if (s != second) {
                scratch.setLength(0);
                appendUtc(s * 1000L, scratch);
                if (scratch.length() != LENGTH) return false;
                scratch.getChars(0, LENGTH, text, 0);
                second = s;
            }
            int millis = (int) Math.floorMod(epochMillis, 1000L);
            text[20] = (char) ('0' + millis / 100);
            text[21] = (char) ('0' + millis / 10 % 10);
            text[22] = (char) ('0' + millis % 10);
            return true;
        }

        /**
         * The buffer {@link #format} wrote: {@link #LENGTH} chars, overwritten by the next call.
         */
        public char[] chars() {
            return text;
        }
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS} in UTC. */
    public static String formatUtc(long epochMillis) {
        return appendUtc(epochMillis, new StringBuilder(23)).toString();
    }

    /** {@code yyyy-MM-dd-HH} in UTC: the lake's hourly partition value. */
    public static String hourOf(long epochMillis) {
        return appendDateHour(Math.floorDiv(epochMillis, 1000L), new StringBuilder(13), '-')
                .toString();
    }

    private static StringBuilder appendDateHour(long epochSecond, StringBuilder out, char sep) {
        long days = Math.floorDiv(epochSecond, 86400L);
        int hour = (int) (Math.floorMod(epochSecond, 86400L) / 3600);
        // Civil-from-days (H. Hinnant), valid for the whole proleptic Gregorian range we accept.
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year >= 0 && year < 1000) out.append(year < 10 ? "000" : year < 100 ? "00" : "0");
        out.append(year).append('-');
        pad2(month, out);
        out.append('-');
        pad2(day, out);
        out.append(sep);
        pad2(hour, out);
        return out;
    }

    static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int mp = (month + 9) % 12;
        int doy = (153 * mp + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097L + doe - 719468;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    private static void pad2(int v, StringBuilder out) {
        if (v < 10) out.append('0');
        out.append(v);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The non-negative number in {@code s[from, from+count)}, or -1 if any char is no digit. */
    private static int digits(CharSequence s, int from, int count) {
        if (from + count > s.length()) return -1;
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
