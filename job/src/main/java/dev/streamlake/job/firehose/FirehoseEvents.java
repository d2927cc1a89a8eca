package dev.streamlake.job.firehose;

import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsStreamsInputPreprocessingEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsStreamsInputPreprocessingEvent.Record.KinesisStreamRecordMetadata;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlake.udfs.record.RawRecord;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One invocation's event, in the shapes a handler can ask for, with Firehose's fields for a Kinesis
 * stream source: per record its {@code recordId}, {@code data} (base64 in JSON), {@code
 * approximateArrivalTimestamp} (epoch millis) and {@code kinesisRecordMetadata} (shard id,
 * partition key, sequence number, arrival time). Firehose also sends the {@code subsequenceNumber}
 * of a KPL user record; the records here do not carry it, so it is left out rather than made up.
 */
final class FirehoseEvents {
    /** Lambda's runtime ignores event fields a handler's POJO does not have; so does this. */
    static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Lambda's synchronous invocation payload limit, for the request and for the response. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    /**
     * A generous bound on one record's JSON besides its base64 data (ids, metadata, punctuation).
     */
    static final int RECORD_OVERHEAD_BYTES = 512;

    private final String invocationId;
    private final String deliveryStreamArn;
    private final String region;
    private final List<RawRecord> records;
    private final List<String> recordIds;

    FirehoseEvents(
            String invocationId, String deliveryStreamArn, String region, List<RawRecord> records) {
        this.invocationId = invocationId;
        this.deliveryStreamArn = deliveryStreamArn;
        this.region = region;
        this.records = records;
        this.recordIds = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) recordIds.add(invocationId + "-" + i);
    }

    /** An upper bound of one record's share of the event's JSON. */
    static long payloadBytes(RawRecord record) {
        return 4L * ((record.payload.length + 2) / 3) + RECORD_OVERHEAD_BYTES;
    }

    String invocationId() {
        return invocationId;
    }

    List<RawRecord> records() {
        return records;
    }

    /** The records' ids, in the records' order. */
    List<String> recordIds() {
        return recordIds;
    }

    KinesisFirehoseEvent firehoseEvent() {
        List<KinesisFirehoseEvent.Record> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            RawRecord r = records.get(i);
            KinesisFirehoseEvent.Record record =
                    new KinesisFirehoseEvent.Record()
                            .withRecordId(recordIds.get(i))
                            .withApproximateArrivalTimestamp(r.arrivalTime)
                            .withKinesisRecordMetadata(metadata(r));
            // A fresh array-backed buffer per record: AWS's samples read it with getData().array().
            record.setData(ByteBuffer.wrap(r.payload.clone()));
            out.add(record);
        }
        return new KinesisFirehoseEvent()
                .withInvocationId(invocationId)
                .withDeliveryStreamArn(deliveryStreamArn)
                .withRegion(region)
                .withRecords(out);
    }

    KinesisAnalyticsStreamsInputPreprocessingEvent kdaStreamsEvent() {
        List<KinesisAnalyticsStreamsInputPreprocessingEvent.Record> out =
                new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            RawRecord r = records.get(i);
            out.add(
                    new KinesisAnalyticsStreamsInputPreprocessingEvent.Record(
                            recordIds.get(i),
                            new KinesisStreamRecordMetadata(
                                    r.sequenceNumber, r.partitionKey, r.shardId, r.arrivalTime),
                            ByteBuffer.wrap(r.payload.clone())));
        }
        return new KinesisAnalyticsStreamsInputPreprocessingEvent(invocationId, "", "", out);
    }

    /** The event as Firehose sends it, JSON in UTF-8. */
    byte[] json() {
        ObjectNode event =
                JSON.createObjectNode()
                        .put("invocationId", invocationId)
                        .put("deliveryStreamArn", deliveryStreamArn)
                        .put("region", region);
        ArrayNode list = event.putArray("records");
        for (int i = 0; i < records.size(); i++) {
            RawRecord r = records.get(i);
            ObjectNode record =
                    list.addObject()
                            .put("recordId", recordIds.get(i))
                            .put("approximateArrivalTimestamp", r.arrivalTime)
                            .put("data", java.util.Base64.getEncoder().encodeToString(r.payload));
            record.putObject("kinesisRecordMetadata")
                    .put("shardId", r.shardId)
                    .put("partitionKey", r.partitionKey)
                    .put("approximateArrivalTimestamp", r.arrivalTime)
                    .put("sequenceNumber", r.sequenceNumber);
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> metadata(RawRecord r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("shardId", r.shardId);
        m.put("partitionKey", r.partitionKey);
        m.put("approximateArrivalTimestamp", Long.toString(r.arrivalTime));
        m.put("sequenceNumber", r.sequenceNumber);
        return m;
    }
}
