package dev.streamlake.job.sink;

import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One record of a lake table, already in the form its writer writes, so the writer only copies: for
 * JSON tables the NDJSON line's UTF-8 bytes (without the line break), for Parquet tables one value
 * per column (null; {@code byte[]} UTF-8 for string and json columns; Long, Integer, Double,
 * Boolean; Long epoch millis for timestamps). Encoding happens before the sink ({@link
 * TableEncoder}), where a record that cannot be encoded can still become an error row; a writer
 * that threw would fail the job and, on restart, fail on the same record again.
 *
 * <p>{@link #partitionTime} places it in its {@code dt=} hour (event time for events and anomalies,
 * arrival time for errors). Travels with {@link EncodedRecordSerializer}, not Kryo.
 */
@TypeInfo(EncodedRecordSerializer.TypeFactory.class)
public final class EncodedRecord {
    private final long partitionTime;
    private final byte[] line;
    private final Object[] values;

    private EncodedRecord(long partitionTime, byte[] line, Object[] values) {
        this.partitionTime = partitionTime;
        this.line = line;
        this.values = values;
    }

    /** A JSON table's record: its line, without the line break. */
    public static EncodedRecord line(long partitionTime, byte[] line) {
        return new EncodedRecord(partitionTime, line, null);
    }

    /** A Parquet table's record: its column values. */
    public static EncodedRecord values(long partitionTime, Object[] values) {
        return new EncodedRecord(partitionTime, null, values);
    }

    public long partitionTime() {
        return partitionTime;
    }

    /** The JSON line, or null for a Parquet record. */
    public byte[] line() {
        return line;
    }

    /** The Parquet values, or null for a JSON record. */
    public Object[] values() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EncodedRecord)) return false;
        EncodedRecord r = (EncodedRecord) o;
        return partitionTime == r.partitionTime
                && Arrays.equals(line, r.line)
                && Arrays.deepEquals(values, r.values);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(partitionTime) * 31 + Arrays.hashCode(line);
    }

    @Override
    public String toString() {
        return "EncodedRecord{"
                + partitionTime
                + ", "
                + (line != null
                        ? line.length + " bytes"
                        : (values == null ? 0 : values.length) + " values")
                + "}";
    }
}
