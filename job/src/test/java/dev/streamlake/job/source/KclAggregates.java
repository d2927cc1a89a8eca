package dev.streamlake.job.source;

import dev.streamlake.udfs.record.KplAggregate;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.clientlibrary.types.Messages;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.Record;
import org.apache.flink.kinesis.shaded.com.google.protobuf.ByteString;

/**
 * KPL aggregates built with AWS's own protobuf classes (the KCL's {@code Messages}, generated from
 * the KPL's {@code messages.proto}, as the connector jar bundles them), for the job's tests: a peer
 * the project did not write. {@code buildPartial()} makes the broken ones a buggy or hostile
 * producer could send.
 */
public final class KclAggregates {
    private KclAggregates() {}

    /** Magic, the protobuf, its MD5: a Kinesis record's data. */
    public static byte[] wrap(Messages.AggregatedRecord proto) {
        return wrapBody(proto.toByteArray());
    }

    /** Magic, any bytes as the protobuf, their MD5. */
    public static byte[] wrapBody(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(KplAggregate.magic());
        out.writeBytes(body);
        out.writeBytes(md5(body));
        return out.toByteArray();
    }

    /** One user record per entry (partition key, data), the partition key table deduplicated. */
    public static byte[] of(List<Map.Entry<String, String>> userRecords) {
        Messages.AggregatedRecord.Builder b = Messages.AggregatedRecord.newBuilder();
        Map<String, Integer> keys = new LinkedHashMap<>();
        for (Map.Entry<String, String> r : userRecords) {
            int index =
                    keys.computeIfAbsent(
                            r.getKey(),
                            k -> {
                                b.addPartitionKeyTable(k);
                                return keys.size();
                            });
            b.addRecords(
                    Messages.Record.newBuilder()
                            .setPartitionKeyIndex(index)
                            .setData(ByteString.copyFrom(r.getValue(), StandardCharsets.UTF_8)));
        }
        return wrap(b.build());
    }

    /** One user record per data, all under {@code partitionKey}. */
    public static byte[] underOneKey(String partitionKey, String... data) {
        List<Map.Entry<String, String>> userRecords = new ArrayList<>();
        for (String d : data) userRecords.add(Map.entry(partitionKey, d));
        return of(userRecords);
    }

    /** An aggregate of one user record whose MD5 does not match: its last bit flipped. */
    public static byte[] withBadMd5() {
        byte[] data = of(List.of(Map.entry("k", "{}")));
        data[data.length - 1] ^= 1;
        return data;
    }

    /**
     * An aggregate (its MD5 right) whose partition key table holds one key, and whose user records
     * point at these indexes of it: any index but 0 lies outside the table.
     */
    public static byte[] withKeyIndexes(int... indexes) {
        Messages.AggregatedRecord.Builder b =
                Messages.AggregatedRecord.newBuilder().addPartitionKeyTable("k");
        for (int index : indexes) {
            b.addRecords(
                    Messages.Record.newBuilder()
                            .setPartitionKeyIndex(index)
                            .setData(ByteString.copyFromUtf8("{}")));
        }
        return wrap(b.build());
    }

    /** A KCL 1.x Kinesis record, as the polling proxy returns it. */
    public static Record kinesisRecord(byte[] data, String partitionKey, String sequenceNumber) {
        return new Record()
                .withData(ByteBuffer.wrap(data))
                .withPartitionKey(partitionKey)
                .withSequenceNumber(sequenceNumber)
                .withApproximateArrivalTimestamp(new java.util.Date(1_000L));
    }

    /** Kinesis's hash of a partition key: its MD5 as an unsigned 128-bit integer. */
    public static BigInteger hashOf(String partitionKey) {
        return new BigInteger(1, md5(partitionKey.getBytes(StandardCharsets.UTF_8)));
    }

    /** The lowest hash key of shard {@code i} of {@code n} evenly split shards. */
    public static BigInteger shardStart(int i, int n) {
        return BigInteger.ONE
                .shiftLeft(128)
                .multiply(BigInteger.valueOf(i))
                .divide(BigInteger.valueOf(n));
    }

    /**
     * The first key {@code prefix-<k>} whose hash falls into shard {@code i} of {@code n} evenly
     * split shards.
     */
    public static String keyInShard(String prefix, int i, int n) {
        BigInteger from = shardStart(i, n);
        BigInteger to = shardStart(i + 1, n);
        for (int k = 0; ; k++) {
            String key = prefix + "-" + k;
            BigInteger h = hashOf(key);
            if (h.compareTo(from) >= 0 && h.compareTo(to) < 0) return key;
        }
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
