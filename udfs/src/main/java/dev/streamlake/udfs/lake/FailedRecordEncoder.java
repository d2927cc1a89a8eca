package dev.streamlake.udfs.lake;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.schema.Timestamps;
import java.io.IOException;

/**
 * Writes one row of the {@code errors} table. Its columns are fixed; see {@link #COLUMNS}.
 *
 * <p>The errors table is the last resort, so this never throws on a record's content: error
 * messages quote excerpts of records (which may end inside a surrogate pair) and partition keys
 * come from Kinesis as they were sent, so text UTF-8 cannot carry unchanged (an unpaired surrogate)
 * is written as U+FFFD. {@link #replaceUnwritable} does it in place, so that the caller can count
 * the rows it changed and both formats get the same text.
 */
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

    /**
     * Replaces, in place, every unpaired surrogate in the record's text columns by U+FFFD, and an
     * arrival time outside the years 0000-9999 by the nearest one inside.
     *
     * @return whether anything was replaced
     */
    public static boolean replaceUnwritable(FailedRecord r) {
        boolean changed = false;
        if (r.arrivalTime < Timestamps.FIRST_WRITABLE || r.arrivalTime > Timestamps.LAST_WRITABLE) {
            r.arrivalTime =
                    Math.max(
                            Timestamps.FIRST_WRITABLE,
                            Math.min(Timestamps.LAST_WRITABLE, r.arrivalTime));
            changed = true;
        }
        if (!hasLoneSurrogate(r)) return changed;
        r.errorType = Utf16.replaceLoneSurrogates(r.errorType);
        r.errorMessage = Utf16.replaceLoneSurrogates(r.errorMessage);
        r.payload = Utf16.replaceLoneSurrogates(r.payload);
        r.payloadEncoding = Utf16.replaceLoneSurrogates(r.payloadEncoding);
        r.stream = Utf16.replaceLoneSurrogates(r.stream);
        r.shardId = Utf16.replaceLoneSurrogates(r.shardId);
        r.sequenceNumber = Utf16.replaceLoneSurrogates(r.sequenceNumber);
        r.partitionKey = Utf16.replaceLoneSurrogates(r.partitionKey);
        return true;
    }

    /** Whether a text column holds an unpaired surrogate (a utf8 payload has none: valid UTF-8). */
    private static boolean hasLoneSurrogate(FailedRecord r) {
        return hasLoneSurrogate(r.errorType)
                || hasLoneSurrogate(r.errorMessage)
                || hasLoneSurrogate(r.payload)
                || hasLoneSurrogate(r.payloadEncoding)
                || hasLoneSurrogate(r.stream)
                || hasLoneSurrogate(r.shardId)
                || hasLoneSurrogate(r.sequenceNumber)
                || hasLoneSurrogate(r.partitionKey);
    }

    private static boolean hasLoneSurrogate(String s) {
        return s != null && Utf16.firstLoneSurrogate(s) >= 0;
    }

    @Override
    public void write(FailedRecord r, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("error_type", text(r.errorType));
        out.writeStringField("error_message", text(r.errorMessage));
        out.writeStringField("payload", text(r.payload));
        out.writeStringField("payload_encoding", text(r.payloadEncoding));
        writeIfSet(out, "stream", r.stream);
        writeIfSet(out, "shard_id", r.shardId);
        writeIfSet(out, "sequence_number", r.sequenceNumber);
        writeIfSet(out, "partition_key", r.partitionKey);
        out.writeStringField("arrival_time", Timestamps.formatUtc(r.arrivalTime));
        out.writeEndObject();
    }

    private static void writeIfSet(JsonGenerator out, String name, String value)
            throws IOException {
        if (value != null) out.writeStringField(name, text(value));
    }

    /** Unchanged (the same instance) once {@link #replaceUnwritable} ran; null stays null. */
    private static String text(String s) {
        return Utf16.replaceLoneSurrogates(s);
    }
}
