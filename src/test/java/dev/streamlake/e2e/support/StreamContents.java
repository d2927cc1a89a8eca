package dev.streamlake.e2e.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Everything a stream holds, read back with GetRecords from each shard's start: what a consumer can
 * see, which is not always what a producer sent (a PutRecords call that timed out after the service
 * stored it is sent again, by the SDK's retries or the producer's, and then stored twice).
 */
public final class StreamContents {
    private StreamContents() {}

    /** One stored record. */
    public record Stored(String shardId, String sequenceNumber, String partitionKey, byte[] data) {}

    /** Every record of every shard, read until each shard reports nothing behind its tip. */
    public static List<Stored> readAll(KinesisClient kinesis, String stream, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Stored> out = new ArrayList<>();
        for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
            String iterator =
                    kinesis.getShardIterator(
                                    b ->
                                            b.streamName(stream)
                                                    .shardId(shard.shardId())
                                                    .shardIteratorType(
                                                            ShardIteratorType.TRIM_HORIZON))
                            .shardIterator();
            while (iterator != null) {
                String current = iterator;
                // At most 100 records a call: the emulator is slow with megabytes in one answer.
                GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(current).limit(100));
                r.records()
                        .forEach(
                                rec ->
                                        out.add(
                                                new Stored(
                                                        shard.shardId(),
                                                        rec.sequenceNumber(),
                                                        rec.partitionKey(),
                                                        rec.data().asByteArray())));
                // Emulators may leave millisBehindLatest out; an empty answer then ends the shard.
                Long behind = r.millisBehindLatest();
                if (r.records().isEmpty() && (behind == null || behind == 0)) break;
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading back stream " + stream);
                }
                iterator = r.nextShardIterator();
                if (r.records().isEmpty()) Thread.sleep(50);
            }
        }
        return out;
    }
}
