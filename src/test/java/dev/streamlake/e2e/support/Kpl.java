package dev.streamlake.e2e.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * Broken KPL aggregates, built by hand from the KPL's documented format (magic bytes, an {@code
 * AggregatedRecord} protobuf, its MD5): the producers of the tests are AWS's own ({@link
 * NodeProducer}: aws-kinesis-agg, the SDK v3), but AWS's library only makes valid aggregates, so a
 * record that looks aggregated and cannot be unpacked has to be made here. Each is wrong in one way
 * only: a bad digest, a protobuf cut short (with the digest of what is left), or a user record
 * pointing past the partition-key table.
 */
public final class Kpl {
    private static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    private Kpl() {}

    /** A well-formed aggregate whose MD5 is wrong (every bit of it flipped). */
    public static byte[] withBadMd5(String partitionKey, List<byte[]> userRecords) {
        byte[] body = body(partitionKey, 0, userRecords);
        byte[] digest = md5(body);
        for (int i = 0; i < digest.length; i++) digest[i] = (byte) ~digest[i];
        return frame(body, digest);
    }

    /** An aggregate whose protobuf ends in the middle of its last user record; the MD5 is right. */
    public static byte[] truncated(String partitionKey, List<byte[]> userRecords) {
        byte[] whole = body(partitionKey, 0, userRecords);
        byte[] body =
                Arrays.copyOf(
                        whole, whole.length - userRecords.get(userRecords.size() - 1).length / 2);
        return frame(body, md5(body));
    }

    /** An aggregate whose user records name partition key {@code index} of a one-key table. */
    public static byte[] withPartitionKeyIndex(
            int index, String partitionKey, List<byte[]> userRecords) {
        byte[] body = body(partitionKey, index, userRecords);
        return frame(body, md5(body));
    }

    private static byte[] body(
            String partitionKey, int partitionKeyIndex, List<byte[]> userRecords) {
        ByteArrayOutputStream proto = new ByteArrayOutputStream();
        field(proto, 1, partitionKey.getBytes(StandardCharsets.UTF_8)); // partition_key_table
        for (byte[] data : userRecords) {
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            varint(record, 1 << 3); // partition_key_index, a varint
            varint(record, partitionKeyIndex);
            field(record, 3, data); // data
            field(proto, 3, record.toByteArray()); // records
        }
        return proto.toByteArray();
    }

    private static byte[] frame(byte[] body, byte[] digest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(body);
        out.writeBytes(digest);
        return out.toByteArray();
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
