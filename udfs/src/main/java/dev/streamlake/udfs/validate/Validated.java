package dev.streamlake.udfs.validate;

import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.text.Utf8;
import org.apache.flink.types.Row;

/** The outcome of validating one record: a row of the schema, or the reason it was rejected. */
public final class Validated {
    private final Row row;
    private final ErrorType errorType;
    private final String message;

    private Validated(Row row, ErrorType errorType, String message) {
        this.row = row;
        this.errorType = errorType;
        this.message = message;
    }

    static Validated ok(Row row) {
        return new Validated(row, null, null);
    }

    /**
     * A rejection. Its message goes to the errors table, so any lone surrogate in it (from a
     * parser's message or a cut excerpt) is written as its escape: the message always encodes.
     */
    static Validated rejected(ErrorType type, String message) {
        return new Validated(null, type, Utf8.printable(message));
    }

    public boolean isOk() {
        return row != null;
    }

    /** The validated row, in schema column order; null when rejected. */
    public Row row() {
        return row;
    }

    public ErrorType errorType() {
        return errorType;
    }

    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return isOk() ? "OK " + row : errorType + ": " + message;
    }
}
