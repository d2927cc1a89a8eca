package dev.streamlake.tools.ship;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Reads every shard of a stream from its start, as far as it has records now. */
public final class StreamTail {
    private final KinesisClient client;
    private final List<String> iterators = new ArrayList<>();
    final List<Record> records = new ArrayList<>();

    public StreamTail(KinesisClient client, String stream) {
        this.client = client;
        for (Shard shard : client.listShards(b -> b.streamName(stream)).shards()) {
            iterators.add(
                    client.getShardIterator(
                                    b ->
                                            b.streamName(stream)
                                                    .shardId(shard.shardId())
                                                    .shardIteratorType(
                                                            ShardIteratorType.TRIM_HORIZON))
                            .shardIterator());
        }
    }

    /** Reads what the shards hold beyond what was read; returns the number of records read. */
    public int poll() {
        int n = 0;
        for (int i = 0; i < iterators.size(); i++) {
            while (true) {
                String it = iterators.get(i);
                var response = client.getRecords(b -> b.shardIterator(it).limit(1000));
                iterators.set(i, response.nextShardIterator());
                records.addAll(response.records());
                n += response.records().size();
                if (response.records().isEmpty()) break;
            }
        }
        return n;
    }

    List<String> texts() {
        List<String> out = new ArrayList<>();
        for (Record r : records) out.add(r.data().asUtf8String());
        return out;
    }
}
