package dev.streamlake.job.source;

import dev.streamlake.udfs.record.KplEscape;
import dev.streamlake.udfs.record.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;

/**
 * Keeps each Kinesis record's bytes as they are in the stream, with where it came from: it undoes
 * the {@link KplEscape} escaping of {@link RawKinesisConsumer}'s proxies, so a KPL aggregate
 * arrives whole, magic first. Unpacking and parsing happen in the pipeline, where a bad record
 * becomes an error row instead of a source failure.
 */
public final class RawRecordSchema implements KinesisDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public RawRecord deserialize(
            byte[] recordValue,
            String partitionKey,
            String seqNum,
            long approxArrivalTimestamp,
            String stream,
            String shardId) {
        return new RawRecord(
                KplEscape.unescape(recordValue),
                stream,
                shardId,
                seqNum,
                partitionKey,
                approxArrivalTimestamp);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
