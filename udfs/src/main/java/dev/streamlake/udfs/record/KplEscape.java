package dev.streamlake.udfs.record;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Byte stuffing that hides the KPL magic from a consumer that would de-aggregate: a record whose
 * data starts with the magic {@code F3 89 9A C2} or with the escape byte {@code 0xFF} gets one
 * {@code 0xFF} put in front; every other record is left as it is (the same array, no copy).
 *
 * <p>Reversible and unambiguous: an escaped record always starts with {@code 0xFF}, and an
 * unescaped one never does (those that did were escaped), so {@link #unescape} removes exactly one
 * leading {@code 0xFF} and gets back the original bytes, for every byte sequence. No escaped record
 * starts with the magic, so the connector's KCL never treats one as an aggregate. {@code 0xFF}
 * never occurs in UTF-8, so JSON records (the common case) are never escaped; an aggregate costs
 * one byte and one copy.
 */
public final class KplEscape {
    /** The byte put in front of an escaped record. */
    public static final byte ESCAPE = (byte) 0xFF;

    private static final byte[] MAGIC = KplAggregate.magic();

    private KplEscape() {}

    /** Whether the record must be escaped: it starts with the magic or with {@link #ESCAPE}. */
    public static boolean needsEscape(ByteBuffer data) {
        int at = data.position();
        int n = data.remaining();
        if (n == 0) return false;
        if (data.get(at) == ESCAPE) return true;
        if (n < MAGIC.length) return false;
        for (int i = 0; i < MAGIC.length; i++) {
            if (data.get(at + i) != MAGIC[i]) return false;
        }
        return true;
    }

    /** The escaped copy of a record that {@link #needsEscape needs it}; the buffer is not moved. */
    public static byte[] escaped(ByteBuffer data) {
        byte[] out = new byte[data.remaining() + 1];
        out[0] = ESCAPE;
        data.duplicate().get(out, 1, data.remaining());
        return out;
    }

    /** A record's bytes as they are in the stream: the record itself or its escaped copy. */
    public static byte[] escape(byte[] data) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        return needsEscape(buffer) ? escaped(buffer) : data;
    }

    /**
     * The original bytes of a record that {@link #escape} passed: one leading escape byte removed.
     */
    public static byte[] unescape(byte[] data) {
        if (data.length == 0 || data[0] != ESCAPE) return data;
        return Arrays.copyOfRange(data, 1, data.length);
    }
}
