package dev.streamlake.udfs.validate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. */
public final class Utf8 {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {}

    /** The offset of the first byte that is not part of a valid sequence, or -1 if all is valid. */
    public static int firstInvalidByte(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            // ASCII, the common case, eight bytes at a time.
            while (i + 8 <= n && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) i += 8;
            if (i >= n) break;
            int c = b[i];
            if (c >= 0) {
                i++;
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

    private static boolean cont(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
