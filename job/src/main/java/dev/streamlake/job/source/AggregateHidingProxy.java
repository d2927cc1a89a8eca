package dev.streamlake.job.source;

import dev.streamlake.udfs.record.KplEscape;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.GetRecordsResult;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.Record;
import org.apache.flink.streaming.connectors.kinesis.model.StreamShardHandle;
import org.apache.flink.streaming.connectors.kinesis.proxy.GetShardListResult;
import org.apache.flink.streaming.connectors.kinesis.proxy.KinesisProxyInterface;

/**
 * The connector's polling proxy, with every record that GetRecords returns escaped ({@link
 * KplEscape}) before the connector's KCL can de-aggregate it. Everything else is the connector's
 * own proxy, unchanged.
 */
final class AggregateHidingProxy implements KinesisProxyInterface {
    private final KinesisProxyInterface kinesis;

    AggregateHidingProxy(KinesisProxyInterface kinesis) {
        this.kinesis = kinesis;
    }

    @Override
    public GetRecordsResult getRecords(String shardIterator, int maxRecordsToGet)
            throws InterruptedException {
        GetRecordsResult result = kinesis.getRecords(shardIterator, maxRecordsToGet);
        if (result != null && result.getRecords() != null) {
            for (Record record : result.getRecords()) escape(record);
        }
        return result;
    }

    /**
     * Escapes one record in place (the SDK's fresh object, owned by this call); most are untouched.
     */
    static void escape(Record record) {
        ByteBuffer data = record.getData();
        if (data != null && KplEscape.needsEscape(data)) {
            record.setData(ByteBuffer.wrap(KplEscape.escaped(data)));
        }
    }

    @Override
    public String getShardIterator(
            StreamShardHandle shard, String shardIteratorType, Object startingMarker)
            throws InterruptedException {
        return kinesis.getShardIterator(shard, shardIteratorType, startingMarker);
    }

    @Override
    public GetShardListResult getShardList(Map<String, String> streamNamesWithLastSeenShardIds)
            throws InterruptedException {
        return kinesis.getShardList(streamNamesWithLastSeenShardIds);
    }
}
