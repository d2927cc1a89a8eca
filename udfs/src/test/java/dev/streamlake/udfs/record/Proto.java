package dev.streamlake.udfs.record;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A protobuf wire-format writer for the parser's tests: it writes whatever it is told, valid or
 * not, so the tests can build the malformed aggregates no real producer makes. The job's tests
 * check the parser against AWS's own KCL and KPL classes.
 */
final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
        tag(field, 0);
        return rawVarint(value);
    }

    Proto bytes(int field, byte[] value) {
        tag(field, 2);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    Proto string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto message(int field, Proto value) {
        return bytes(field, value.toBytes());
    }

    Proto tag(int field, int wireType) {
        return rawVarint(((long) field << 3) | wireType);
    }

    Proto rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    Proto raw(int... bytes) {
        for (int b : bytes) out.write(b);
        return this;
    }

    Proto raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    /**
     * A user record: partition key index, optional explicit hash key index (negative: none), data.
     */
    static Proto record(long pkIndex, long ehkIndex, byte[] data) {
        Proto r = new Proto().varint(1, pkIndex);
        if (ehkIndex >= 0) r.varint(2, ehkIndex);
        return r.bytes(3, data);
    }

    static Proto record(long pkIndex, String data) {
        return record(pkIndex, -1, data.getBytes(StandardCharsets.UTF_8));
    }

    /** Magic, the protobuf, its MD5. */
    static byte[] aggregate(Proto body) {
        return aggregate(body.toBytes());
    }

    static byte[] aggregate(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(KplAggregate.magic());
        out.writeBytes(body);
        out.writeBytes(md5(body));
        return out.toByteArray();
    }

    static byte[] md5(byte[] body) {
        try {
            return MessageDigest.getInstance("MD5").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
