package dev.streamlake.udfs.record;

import dev.streamlake.udfs.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A record that could not go to the lake, with the reason: one row of the {@code errors} table.
 *
 * <p>The raw payload is kept whole so the record can be replayed once the cause is fixed; it is
 * base64 when it is not valid UTF-8 ({@code payload_encoding} says which). A Flink POJO.
 */
public class FailedRecord {
    public static final String UTF8 = "utf8";
    public static final String BASE64 = "base64";

    public String errorType;
    public String errorMessage;
    public String payload;
    public String payloadEncoding;
    public String stream;
    public String shardId;
    public String sequenceNumber;
    public String partitionKey;

    /** Epoch millis; the errors table is partitioned by this hour. */
    public long arrivalTime;

    public FailedRecord() {}

    public static FailedRecord of(RawRecord raw, ErrorType type, String message) {
        FailedRecord f = new FailedRecord();
        f.errorType = type.name();
        f.errorMessage = message;
        byte[] bytes = raw.payload == null ? new byte[0] : raw.payload;
        if (Utf8.firstInvalidByte(bytes) < 0) {
            f.payload = new String(bytes, StandardCharsets.UTF_8);
            f.payloadEncoding = UTF8;
        } else {
            f.payload = Base64.getEncoder().encodeToString(bytes);
            f.payloadEncoding = BASE64;
        }
        f.stream = raw.stream;
        f.shardId = raw.shardId;
        f.sequenceNumber = raw.sequenceNumber;
        f.partitionKey = raw.partitionKey;
        f.arrivalTime = raw.arrivalTime;
        return f;
    }

    /** The payload's original bytes. */
    public byte[] payloadBytes() {
        return BASE64.equals(payloadEncoding)
                ? Base64.getDecoder().decode(payload)
                : payload.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "FailedRecord{"
                + errorType
                + ": "
                + errorMessage
                + " @"
                + shardId
                + "/"
                + sequenceNumber
                + "}";
    }
}
