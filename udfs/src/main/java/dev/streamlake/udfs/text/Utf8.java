package dev.streamlake.udfs.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The lake's text policy, checked on a record's raw bytes before it is parsed: <b>UTF-8 JSON text
 * only</b> (RFC 8259 section 8.1), and every <code>&#92;u</code> escape decodes to Unicode
 * characters.
 *
 * <ul>
 *   <li>Strict UTF-8 (RFC 3629): no overlong forms, no encoded surrogates, nothing above U+10FFFF.
 *   <li>No UTF-16 or UTF-32, with or without a byte-order mark. JSON text starts with an ASCII
 *       character, so in those encodings a NUL byte is among its first four bytes; a raw NUL is
 *       never part of UTF-8 JSON text, and without one there Jackson's byte-source bootstrapper
 *       (which guesses the encoding from those four bytes) always reads UTF-8.
 *   <li>A UTF-8 byte-order mark at the start is allowed and ignored, as RFC 8259 lets a parser do
 *       (Windows tools write one); anywhere else U+FEFF is an ordinary character.
 *   <li>A <code>&#92;u</code> escape of a surrogate must be a high one directly followed by an
 *       escaped low one: a lone or reversed surrogate is no character, cannot be written as UTF-8,
 *       and engines that read it back replace it by {@code ?}. Checked here, on the bytes, because
 *       values that no column reads and nested {@code json} values are never decoded. An escaped
 *       backslash (<code>&#92;&#92;ud800</code>) is no escape. Escapes of noncharacters (U+FFFE,
 *       U+FFFF) and of U+0000 are Unicode scalar values and are kept.
 * </ul>
 */
public final class Utf8 {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final String UTF8_ONLY = "the lake takes UTF-8 JSON only";

    private Utf8() {}

    /** The two rules of the policy. */
    public enum Rule {
        /** UTF-8 text only. */
        UTF8,
        /** Escapes decode to Unicode characters: no lone or reversed surrogates. */
        UNICODE_ESCAPES
    }

    /** A broken rule: which one, the byte it starts at, and what was seen there. */
    public static final class Problem {
        public final Rule rule;
        public final int offset;
        public final String what;

        Problem(Rule rule, int offset, String what) {
            this.rule = rule;
            this.offset = offset;
            this.what = what;
        }

        @Override
        public String toString() {
            return rule + ": " + what;
        }
    }

    /**
     * Where {@code b} breaks the policy, or null if it does not: {@link Rule#UTF8} for anything but
     * UTF-8 text, {@link Rule#UNICODE_ESCAPES} for an escape of a lone or reversed surrogate. One
     * pass over the bytes, eight at a time where they are plain ASCII.
     */
    public static Problem check(byte[] b) {
        Problem encoding = otherEncoding(b);
        if (encoding != null) return encoding;
        int bad = scan(b, true);
        if (bad < 0) return null;
        if (b[bad] == '\\') {
            return new Problem(Rule.UNICODE_ESCAPES, bad, describeEscape(b, bad));
        }
        return new Problem(
                Rule.UTF8,
                bad,
                String.format(
                        Locale.ROOT,
                        "invalid UTF-8 at byte %d (0x%02X): %s",
                        bad,
                        b[bad] & 0xFF,
                        UTF8_ONLY));
    }

    /** The offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
    public static int firstInvalidByte(byte[] b) {
        return scan(b, false);
    }

    /**
     * The index of the first lone or reversed surrogate in {@code s}, or -1: a Java string can hold
     * them (from a <code>&#92;u</code> escape or a field set by other code), UTF-8 cannot.
     */
    public static int firstLoneSurrogate(CharSequence s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c)
                    && i + 1 < n
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else {
                return i;
            }
        }
        return -1;
    }

    /** What a lone surrogate is called in messages: "lone high surrogate \\uD800". */
    public static String describeSurrogate(char c) {
        return String.format(
                Locale.ROOT,
                "lone %s surrogate \\u%04X",
                Character.isHighSurrogate(c) ? "high" : "low",
                (int) c);
    }

    /** {@code s} with every lone surrogate written as its escape, so that it encodes as UTF-8. */
    public static String printable(String s) {
        int bad = firstLoneSurrogate(s);
        if (bad < 0) return s;
        StringBuilder out = new StringBuilder(s.length() + 8).append(s, 0, bad);
        for (int i = bad; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A byte-order mark other than UTF-8's, or a NUL byte where Jackson would guess UTF-16/32. */
    private static Problem otherEncoding(byte[] b) {
        int n = b.length;
        int b0 = n > 0 ? b[0] & 0xFF : -1;
        int b1 = n > 1 ? b[1] & 0xFF : -1;
        int b2 = n > 2 ? b[2] & 0xFF : -1;
        int b3 = n > 3 ? b[3] & 0xFF : -1;
        String bom = null;
        if (b0 == 0xFF && b1 == 0xFE) bom = b2 == 0 && b3 == 0 ? "UTF-32LE" : "UTF-16LE";
        else if (b0 == 0xFE && b1 == 0xFF) bom = "UTF-16BE";
        else if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) bom = "UTF-32BE";
        if (bom != null) {
            return new Problem(Rule.UTF8, 0, bom + " byte-order mark at byte 0: " + UTF8_ONLY);
        }
        int nul = b0 == 0 ? 0 : b1 == 0 ? 1 : b2 == 0 ? 2 : b3 == 0 ? 3 : -1;
        if (nul < 0) return null;
        String guess;
        if (n >= 4 && b0 == 0 && b1 == 0 && b2 == 0 && b3 != 0) guess = "UTF-32BE";
        else if (n >= 4 && b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0) guess = "UTF-32LE";
        else if (n >= 2 && b0 == 0 && b1 != 0) guess = "UTF-16BE";
        else if (n >= 2 && b0 != 0 && b1 == 0) guess = "UTF-16LE";
        else guess = "UTF-16 or UTF-32";
        return new Problem(
                Rule.UTF8, nul, "NUL byte at " + nul + ": " + guess + " text? " + UTF8_ONLY);
    }

    /**
     * The first byte that is not valid UTF-8 or, if {@code escapes}, the backslash of the first
     * escape of a lone or reversed surrogate; -1 if there is none. A backslash is valid UTF-8, so
     * the caller tells the two apart by the byte.
     */
    private static int scan(byte[] b, boolean escapes) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            // ASCII without a backslash, the common case, eight bytes at a time: a byte of x is
            // zero where b has a backslash, and (x - ONES) sets its high bit there first.
            while (i + 8 <= n) {
                long v = (long) LONGS.get(b, i);
                long x = v ^ BACKSLASHES;
                if (((v | (x - ONES)) & HIGH_BITS) != 0) break;
                i += 8;
            }
            if (i >= n) break;
            int c = b[i];
            if (c >= 0) {
                if (c == '\\' && escapes) {
                    int next = afterEscape(b, i);
                    if (next < 0) return i;
                    i = next;
                } else {
                    i++;
                }
                continue;
            }
            c &= 0xFF;
            if (c >= 0xC2 && c <= 0xDF) {
                if (i + 1 >= n || !cont(b[i + 1])) return i;
                i += 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                if (i + 2 >= n || !cont(b[i + 1]) || !cont(b[i + 2])) return i;
                int b1 = b[i + 1] & 0xFF;
                if (c == 0xE0 && b1 < 0xA0) return i; // overlong
                if (c == 0xED && b1 > 0x9F) return i; // UTF-16 surrogate
                i += 3;
            } else if (c >= 0xF0 && c <= 0xF4) {
                if (i + 3 >= n || !cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3])) return i;
                int b1 = b[i + 1] & 0xFF;
                if (c == 0xF0 && b1 < 0x90) return i; // overlong
                if (c == 0xF4 && b1 > 0x8F) return i; // above U+10FFFF
                i += 4;
            } else {
                return i; // continuation byte without a lead, 0xC0/0xC1, or 0xF5..0xFF
            }
        }
        return -1;
    }

    /**
     * At a backslash: the index after its escape, or -1 if it is a <code>&#92;u</code> escape of a
     * surrogate that is not a high one directly followed by an escaped low one. Anything else that
     * is no valid escape (bad hex digits, a cut-off record) is left for the JSON parser.
     */
    private static int afterEscape(byte[] b, int i) {
        int n = b.length;
        if (i + 1 >= n) return i + 1;
        if (b[i + 1] != 'u') return b[i + 1] >= 0 ? i + 2 : i + 1; // \" \\ \n ...: one ASCII byte
        int u = hex4(b, i + 2);
        if (u < 0) return i + 2;
        if (u < 0xD800 || u > 0xDFFF) return i + 6;
        if (u >= 0xDC00) return -1; // a low surrogate first
        int low = i + 12 <= n && b[i + 6] == '\\' && b[i + 7] == 'u' ? hex4(b, i + 8) : -1;
        return low >= 0xDC00 && low <= 0xDFFF ? i + 12 : -1;
    }

    private static String describeEscape(byte[] b, int i) {
        char c = (char) hex4(b, i + 2);
        String seen = describeSurrogate(c) + " at byte " + i;
        return Character.isHighSurrogate(c)
                ? seen + " (not followed by an escaped low surrogate)"
                : seen + " (not preceded by an escaped high surrogate)";
    }

    /** The value of four hex digits at {@code from}, or -1. */
    private static int hex4(byte[] b, int from) {
        if (from + 4 > b.length) return -1;
        int v = 0;
        for (int k = from; k < from + 4; k++) {
            int d = Character.digit(b[k], 16);
            if (d < 0) return -1;
            v = v << 4 | d;
        }
        return v;
    }

    private static boolean cont(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
