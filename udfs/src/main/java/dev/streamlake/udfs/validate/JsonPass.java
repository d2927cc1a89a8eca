package dev.streamlake.udfs.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.schema.Column;
import java.io.IOException;
import org.apache.flink.types.Row;

/**
 * One streaming pass over a record's JSON that fills the row: each top-level field found by {@link
 * FieldOrder}, read by {@link Coercions}; fields no column names are skipped, but still parsed and
 * checked ({@link StrictJson}), so broken JSON anywhere in the record is reported as such. After
 * the first value that does not fit, the rest is only checked.
 */
final class JsonPass {
    private final Column[] columns;
    private final int maxFields;
    private final String maxFieldsName;
    private final FieldOrder order;
    private final StrictJson strict;
    private final Coercions coercions;

    JsonPass(Column[] columns, ValidationRules rules, StrictJson strict, Coercions coercions) {
        this.columns = columns;
        this.maxFields = rules.maxFields();
        this.maxFieldsName = rules.nameOf(ValidationRules.Limit.MAX_FIELDS);
        this.order = new FieldOrder(columns);
        this.strict = strict;
        this.coercions = coercions;
    }

    /** Parses one JSON object into {@code row}; returns the first field-level problem. */
    Validated read(JsonParser p, Row row, byte[] payload) throws IOException {
        strict.startRecord();
        JsonToken first = p.nextToken();
        if (first == null) {
            return Validated.rejected(ErrorType.MALFORMED_JSON, "empty record");
        }
        if (first != JsonToken.START_OBJECT) {
            strict.skip(p);
            StrictJson.requireEnd(p);
            return Validated.rejected(
                    ErrorType.NOT_AN_OBJECT, "expected a JSON object, got " + Messages.kind(first));
        }
        strict.enterObject();
        Validated problem = null;
        int fields = 0;
        int previous = -1; // the column of the previous known field
        int index;
        while ((index = order.next(p, previous)) != FieldOrder.NO_MORE_FIELDS) {
            if (++fields > maxFields) {
                return Validated.rejected(
                        ErrorType.LIMIT_EXCEEDED,
                        "more than " + maxFields + " fields" + maxFieldsName);
            }
            strict.name(p, p.currentName());
            if (index != FieldOrder.UNKNOWN) {
                order.follows(previous, index);
                previous = index;
            }
            JsonToken valueToken = p.nextToken();
            if (index == FieldOrder.UNKNOWN
                    || valueToken == JsonToken.VALUE_NULL
                    || problem != null) {
                strict.skip(p);
                continue;
            }
            try {
                row.setField(index, coercions.read(p, valueToken, columns[index], payload));
            } catch (FieldProblem e) {
                problem = Validated.rejected(e.type, e.getMessage());
                strict.skip(p);
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IllegalStateException(
                    "unexpected token " + p.currentToken()); // Jackson reports this
        }
        StrictJson.requireEnd(p);
        return problem;
    }
}
