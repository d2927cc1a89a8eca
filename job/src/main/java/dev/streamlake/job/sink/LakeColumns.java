package dev.streamlake.job.sink;

import dev.streamlake.udfs.lake.FailedRecordEncoder;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.schema.ColumnType;
import dev.streamlake.udfs.schema.TableSchema;
import java.io.Serializable;
import org.apache.flink.types.Row;

/**
 * A table's columns, in order, and how to read them from (and build) one record: what a columnar
 * writer and the encoder's checks need. Values are the {@link ColumnType#valueClass()} of their
 * column (TIMESTAMP: epoch millis as a Long; JSON: its text).
 */
public abstract class LakeColumns<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final ColumnType[] types;

    LakeColumns(String[] names, ColumnType[] types) {
        this.names = names;
        this.types = types;
    }

    public final int size() {
        return names.length;
    }

    public final String name(int i) {
        return names[i];
    }

    public final ColumnType type(int i) {
        return types[i];
    }

    /** Column {@code i} of a record, or null. */
    public abstract Object get(T record, int i);

    /** Rows of a declared schema (the events and anomalies tables). */
    public static LakeColumns<Row> rows(TableSchema schema) {
        String[] names = new String[schema.size()];
        ColumnType[] types = new ColumnType[schema.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = schema.column(i).name();
            types[i] = schema.column(i).type();
        }
        return new RowColumns(names, types);
    }

    /** The errors table: {@link FailedRecordEncoder#COLUMNS}. */
    public static LakeColumns<FailedRecord> errors() {
        String[][] columns = FailedRecordEncoder.COLUMNS;
        String[] names = new String[columns.length];
        ColumnType[] types = new ColumnType[columns.length];
        for (int i = 0; i < columns.length; i++) {
            names[i] = columns[i][0];
            types[i] = ColumnType.parse(columns[i][1]);
        }
        return new ErrorColumns(names, types);
    }

    private static final class RowColumns extends LakeColumns<Row> {
        private static final long serialVersionUID = 1L;

        RowColumns(String[] names, ColumnType[] types) {
            super(names, types);
        }

        @Override
        public Object get(Row row, int i) {
            return row.getField(i);
        }
    }

    private static final class ErrorColumns extends LakeColumns<FailedRecord> {
        private static final long serialVersionUID = 1L;

        ErrorColumns(String[] names, ColumnType[] types) {
            super(names, types);
        }

        // The order of FailedRecordEncoder.COLUMNS.
        @Override
        public Object get(FailedRecord r, int i) {
            switch (i) {
                case 0:
                    return r.errorType;
                case 1:
                    return r.errorMessage;
                case 2:
                    return r.payload;
                case 3:
                    return r.payloadEncoding;
                case 4:
                    return r.stream;
                case 5:
                    return r.shardId;
                case 6:
                    return r.sequenceNumber;
                case 7:
                    return r.partitionKey;
                case 8:
                    return r.arrivalTime;
                default:
                    throw new IndexOutOfBoundsException(i);
            }
        }
    }
}
