package dev.streamlake.udfs.record;

import java.util.Arrays;

/**
 * One record as it arrived from the stream: the payload bytes and where they came from.
 *
 * <p>A Flink POJO (public fields, no-arg constructor), so it travels without Kryo.
 */
public class RawRecord {
    public byte[] payload;
    public String stream;
    public String shardId;
    public String sequenceNumber;
    public String partitionKey;

    /** The stream's approximate arrival timestamp, epoch millis. */
    public long arrivalTime;

    public RawRecord() {}

    public RawRecord(
            byte[] payload,
            String stream,
            String shardId,
            String sequenceNumber,
            String partitionKey,
            long arrivalTime) {
        this.payload = payload;
        this.stream = stream;
        this.shardId = shardId;
        this.sequenceNumber = sequenceNumber;
        this.partitionKey = partitionKey;
        this.arrivalTime = arrivalTime;
    }

    @Override
    public String toString() {
        return "RawRecord{"
                + stream
                + "/"
                + shardId
                + "/"
                + sequenceNumber
                + ", "
                + (payload == null ? 0 : payload.length)
                + " bytes}";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RawRecord)) return false;
        RawRecord r = (RawRecord) o;
        return arrivalTime == r.arrivalTime
                && Arrays.equals(payload, r.payload)
                && java.util.Objects.equals(stream, r.stream)
                && java.util.Objects.equals(shardId, r.shardId)
                && java.util.Objects.equals(sequenceNumber, r.sequenceNumber)
                && java.util.Objects.equals(partitionKey, r.partitionKey);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(stream, shardId, sequenceNumber);
    }
}
