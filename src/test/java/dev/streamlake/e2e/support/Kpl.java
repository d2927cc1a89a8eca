package dev.streamlake.e2e.support;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds a KPL-aggregated Kinesis record, as the Kinesis Producer Library sends them: magic bytes,
 * an {@code AggregatedRecord} protobuf, and its MD5. Written by hand from the KPL's
 * documented format, so the test needs no KPL (a native binary) to check de-aggregation.
 */
public final class Kpl {
    private static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    private Kpl() {}

    public static byte[] aggregate(String partitionKey, List<byte[]> userRecords) {
        ByteArrayOutputStream proto = new ByteArrayOutputStream();
        field(proto, 1, partitionKey.getBytes(StandardCharsets.UTF_8)); // partition_key_table
        for (byte[] data : userRecords) {
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            record.write(0x08); // partition_key_index = 0
            record.write(0x00);
            field(record, 3, data); // data
            field(proto, 3, record.toByteArray()); // records
        }
        byte[] body = proto.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(body);
        try {
            out.writeBytes(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        varint(out, (number << 3) | 2); // length-delimited
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
