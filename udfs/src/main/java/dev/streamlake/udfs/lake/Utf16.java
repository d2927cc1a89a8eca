package dev.streamlake.udfs.lake;

/**
 * Java strings that UTF-8, and so every engine reading the lake, carries unchanged: no unpaired
 * surrogate. Java's own encoder turns one into {@code ?} without a word, Jackson into a {@code
 * \\uD800} escape that Trino and Athena read as {@code ?} (or it throws).
 */
public final class Utf16 {
    /** The replacement character U+FFFD. */
    public static final char REPLACEMENT = '\uFFFD';

    private Utf16() {}

    /** The index of the first unpaired (lone or reversed) surrogate in {@code s}, or -1. */
    public static int firstLoneSurrogate(CharSequence s) {
        return firstLoneSurrogate(s, 0, s.length());
    }

    /** The same over {@code chars[from, from + length)}. */
    public static int firstLoneSurrogate(char[] chars, int from, int length) {
        int end = from + length;
        for (int i = from; i < end; i++) {
            char c = chars[i];
            if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) continue;
            if (Character.isHighSurrogate(c)
                    && i + 1 < end
                    && Character.isLowSurrogate(chars[i + 1])) {
                i++;
                continue;
            }
            return i - from;
        }
        return -1;
    }

    private static int firstLoneSurrogate(CharSequence s, int from, int end) {
        for (int i = from; i < end; i++) {
            char c = s.charAt(i);
            if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) continue;
            if (Character.isHighSurrogate(c)
                    && i + 1 < end
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }

    /**
     * {@code s} with every unpaired surrogate replaced by U+FFFD; {@code s} itself if it has none.
     */
    public static String replaceLoneSurrogates(String s) {
        if (s == null) return null;
        int bad = firstLoneSurrogate(s);
        if (bad < 0) return s;
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, bad).append(REPLACEMENT);
        int i = bad + 1;
        while (i < s.length()) {
            int next = firstLoneSurrogate(s, i, s.length());
            if (next < 0) break;
            b.append(s, i, next).append(REPLACEMENT);
            i = next + 1;
        }
        return b.append(s, i, s.length()).toString();
    }
}
