package dev.streamlake.udfs.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.streamlake.udfs.schema.Column;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the column of each top-level field. Producers write fields in a fixed order, so the field
 * that followed a column in the previous record is tried first, by its bytes: a match skips
 * decoding the name and looking it up. Any other order, an unknown field or an escaped name falls
 * back to the lookup.
 */
final class FieldOrder {
    /** A field no column reads. */
    static final int UNKNOWN = -1;

    /** The end of the object. */
    static final int NO_MORE_FIELDS = -2;

    private final Map<String, Integer> columnBySource = new HashMap<>();

    /**
     * Per column, its input field's name as JSON bytes, to match the next field without decoding
     * it.
     */
    private final SerializableString[] quotedSources;

    /**
     * The column whose field came after column i in the previous record (at i + 1; at 0, the
     * first), or UNKNOWN.
     */
    private final int[] fieldAfter;

    FieldOrder(Column[] columns) {
        this.quotedSources = new SerializableString[columns.length];
        this.fieldAfter = new int[columns.length + 1];
        Arrays.fill(fieldAfter, UNKNOWN);
        for (int i = 0; i < columns.length; i++) {
            if (!columns[i].isMetadata()) {
                columnBySource.put(columns[i].source(), i);
                quotedSources[i] = new SerializedString(columns[i].source());
            }
        }
    }

    /**
     * Advances to the next field; returns its column, {@link #UNKNOWN} for a field no column reads,
     * or {@link #NO_MORE_FIELDS} at the object's end. {@code previous} is the column of the
     * previous known field of this object, or -1.
     */
    int next(JsonParser p, int previous) throws IOException {
        int expected = fieldAfter[previous + 1];
        if (expected != UNKNOWN && p.nextFieldName(quotedSources[expected])) return expected;
        JsonToken t = expected != UNKNOWN ? p.currentToken() : p.nextToken();
        if (t != JsonToken.FIELD_NAME) return NO_MORE_FIELDS;
        Integer known = columnBySource.get(p.currentName());
        return known == null ? UNKNOWN : known;
    }

    /** Remembers that column {@code index} came after column {@code previous} (-1: first). */
    void follows(int previous, int index) {
        fieldAfter[previous + 1] = index;
    }
}
