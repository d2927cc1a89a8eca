package dev.streamlake.e2e.support;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The open shards of a stream and the shard each partition key goes to, as Kinesis maps it (the
 * key's MD5 as an unsigned 128-bit hash key), so a test can show its aggregates really span shards.
 */
public final class ShardMap {
    private final List<Shard> open;

    private ShardMap(List<Shard> open) {
        this.open = open;
    }

    public static ShardMap of(KinesisClient client, String stream) {
        return new ShardMap(
                client.listShards(b -> b.streamName(stream)).shards().stream()
                        .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                        .toList());
    }

    public String shardOf(String partitionKey) {
        BigInteger hash = hashKey(partitionKey);
        return open.stream()
                .filter(
                        s ->
                                hash.compareTo(new BigInteger(s.hashKeyRange().startingHashKey()))
                                                >= 0
                                        && hash.compareTo(
                                                        new BigInteger(
                                                                s.hashKeyRange().endingHashKey()))
                                                <= 0)
                .findFirst()
                .orElseThrow()
                .shardId();
    }

    /** The shards a group of partition keys (one aggregate's user records) would go to. */
    public Set<String> shardsOf(List<String> partitionKeys) {
        return partitionKeys.stream().map(this::shardOf).collect(Collectors.toSet());
    }

    static BigInteger hashKey(String partitionKey) {
        try {
            return new BigInteger(
                    1,
                    MessageDigest.getInstance("MD5")
                            .digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
