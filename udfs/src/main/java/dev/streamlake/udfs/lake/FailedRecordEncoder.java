package dev.streamlake.udfs.lake;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.schema.Timestamps;
import java.io.IOException;

/** Writes one row of the {@code errors} table. Its columns are fixed; see {@link #COLUMNS}. */
public final class FailedRecordEncoder implements LineEncoder<FailedRecord> {
    private static final long serialVersionUID = 1L;

    /** The errors table's columns and their Athena types, in order. */
    public static final String[][] COLUMNS = {
        {"error_type", "string"},
        {"error_message", "string"},
        {"payload", "string"},
        {"payload_encoding", "string"},
        {"stream", "string"},
        {"shard_id", "string"},
        {"sequence_number", "string"},
        {"partition_key", "string"},
        {"arrival_time", "timestamp"},
    };

    @Override
    public void write(FailedRecord r, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("error_type", r.errorType);
        out.writeStringField("error_message", r.errorMessage);
        out.writeStringField("payload", r.payload);
        out.writeStringField("payload_encoding", r.payloadEncoding);
        writeIfSet(out, "stream", r.stream);
        writeIfSet(out, "shard_id", r.shardId);
        writeIfSet(out, "sequence_number", r.sequenceNumber);
        writeIfSet(out, "partition_key", r.partitionKey);
        out.writeStringField("arrival_time", Timestamps.formatUtc(r.arrivalTime));
        out.writeEndObject();
    }

    private static void writeIfSet(JsonGenerator out, String name, String value) throws IOException {
        if (value != null) out.writeStringField(name, value);
    }
}
