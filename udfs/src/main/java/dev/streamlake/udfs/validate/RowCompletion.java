package dev.streamlake.udfs.validate;

import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.ArrivalField;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.schema.Timestamps;
import dev.streamlake.udfs.text.Utf8;
import java.util.function.LongSupplier;
import org.apache.flink.types.Row;

/**
 * What a row needs after its JSON is read: the arrival metadata columns, defaults, then the checks
 * of required columns and the event-time bounds.
 */
final class RowCompletion {
    private final TableSchema schema;
    private final ValidationRules rules;
    private final LongSupplier clock;
    private final Column[] columns;

    /** Per column: its arrival metadata field, or null for a column read from the record. */
    private final ArrivalField[] metadataOf;

    /** {@code clock} is asked for "now" only for records that carry no arrival time. */
    RowCompletion(TableSchema schema, ValidationRules rules, LongSupplier clock) {
        this.schema = schema;
        this.rules = rules;
        this.clock = clock;
        this.columns = schema.columns().toArray(new Column[0]);
        this.metadataOf = new ArrivalField[columns.length];
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].isMetadata()) metadataOf[i] = ArrivalField.of(columns[i].source());
        }
    }

    /** Fills metadata and defaults, then checks required columns and the event-time bounds. */
    Validated complete(Row row, RawRecord raw) {
        for (int i = 0; i < columns.length; i++) {
            Column c = columns[i];
            if (c.isMetadata()) {
                Object value = metadata(metadataOf[i], raw);
                int bad = value instanceof String ? Utf8.firstLoneSurrogate((String) value) : -1;
                if (bad >= 0) {
                    return Validated.rejected(
                            ErrorType.INVALID_UNICODE,
                            c.name()
                                    + " ("
                                    + c.source()
                                    + "): "
                                    + Utf8.describeSurrogate(((String) value).charAt(bad))
                                    + " at char "
                                    + bad);
                }
                row.setField(i, value);
            }
            if (row.getField(i) == null) {
                if (c.required()) {
                    String field =
                            c.source().equals(c.name()) ? "" : " (field '" + c.source() + "')";
                    return Validated.rejected(
                            ErrorType.MISSING_FIELD, c.name() + field + ": required but missing");
                }
                row.setField(i, c.defaultValue());
            }
        }
        long eventTime = (Long) row.getField(schema.eventTimeIndex());
        long now = raw.arrivalTime > 0 ? raw.arrivalTime : clock.getAsLong();
        if (eventTime > now + rules.maxFuture().toMillis()
                || eventTime < now - rules.maxPast().toMillis()) {
            return Validated.rejected(
                    ErrorType.EVENT_TIME_OUT_OF_RANGE,
                    schema.column(schema.eventTimeIndex()).name()
                            + " "
                            + Timestamps.formatUtc(eventTime)
                            + " is outside [arrival - "
                            + rules.maxPast()
                            + ", arrival + "
                            + rules.maxFuture()
                            + "]");
        }
        return Validated.ok(row);
    }

    private static Object metadata(ArrivalField field, RawRecord raw) {
        switch (field) {
            case ARRIVAL_TIME:
                return raw.arrivalTime;
            case STREAM:
                return raw.stream;
            case SHARD_ID:
                return raw.shardId;
            case SEQUENCE_NUMBER:
                return raw.sequenceNumber;
            case PARTITION_KEY:
                return raw.partitionKey;
            default:
                throw new IllegalArgumentException(field.name());
        }
    }
}
