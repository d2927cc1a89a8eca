package dev.streamlake.udfs.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.ColumnType;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.schema.TimestampFormat;
import dev.streamlake.udfs.schema.Timestamps;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Reads one JSON value as its column's type: exactly, or with {@link ValidationRules#castToSchema}
 * also from another JSON type ({@code "21.5"} to a double, {@code 3.0} to an int), never losing
 * digits; timestamps in the schema's formats.
 */
final class Coercions {
    /** A decimal number as JSON users write one; Java's parser also takes NaN, hex, 1d and more. */
    private static final Pattern DECIMAL =
            Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final boolean cast;
    private final Column eventTime;
    private final String timestampFormats;
    private final boolean isoAllowed;
    private final boolean secondsAllowed;
    private final boolean millisAllowed;
    private final JsonSlices slices;

    Coercions(TableSchema schema, ValidationRules rules, JsonSlices slices) {
        this.cast = rules.castToSchema();
        this.eventTime = schema.column(schema.eventTimeIndex());
        this.timestampFormats = String.valueOf(schema.timestampFormats());
        this.isoAllowed = schema.timestampFormats().contains(TimestampFormat.ISO8601);
        this.secondsAllowed = schema.timestampFormats().contains(TimestampFormat.EPOCH_SECONDS);
        this.millisAllowed = schema.timestampFormats().contains(TimestampFormat.EPOCH_MILLIS);
        this.slices = slices;
    }

    /**
     * The current value (token {@code t}, not null) as a value of {@code c}, read from {@code
     * payload}.
     */
    Object read(JsonParser p, JsonToken t, Column c, byte[] payload)
            throws IOException, FieldProblem {
        switch (c.type()) {
            case STRING:
                if (t == JsonToken.VALUE_STRING) return p.getText();
                if (cast && t.isScalarValue()) return p.getText();
                break;
            case BIGINT:
            case INT:
                return readInteger(p, t, c);
            case DOUBLE:
                if (t.isNumeric() || (cast && t == JsonToken.VALUE_STRING)) {
                    double d = t.isNumeric() ? p.getDoubleValue() : parseDouble(p.getText());
                    if (Double.isFinite(d)) return d;
                    throw Messages.wrongType(c, p, t, "a finite double");
                }
                break;
            case BOOLEAN:
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    return t == JsonToken.VALUE_TRUE;
                }
                if (cast && t == JsonToken.VALUE_STRING) {
                    String s = p.getText();
                    if ("true".equalsIgnoreCase(s)) return Boolean.TRUE;
                    if ("false".equalsIgnoreCase(s)) return Boolean.FALSE;
                }
                break;
            case TIMESTAMP:
                long millis = readTimestamp(p, t);
                if (millis != Timestamps.INVALID) return millis;
                throw new FieldProblem(
                        c == eventTime ? ErrorType.INVALID_EVENT_TIME : ErrorType.WRONG_TYPE,
                        c.name()
                                + ": cannot read "
                                + Messages.excerpt(p, t)
                                + " as a timestamp in "
                                + timestampFormats);
            case JSON:
                return slices.copy(p, payload);
        }
        throw Messages.wrongType(c, p, t, c.type().name().toLowerCase());
    }

    private Object readInteger(JsonParser p, JsonToken t, Column c)
            throws IOException, FieldProblem {
        boolean isInt = c.type() == ColumnType.INT;
        long min = isInt ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long max = isInt ? Integer.MAX_VALUE : Long.MAX_VALUE;
        String expected = isInt ? "an int" : "a bigint";
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw Messages.wrongType(c, p, t, expected + " (out of range)");
            }
            long v = p.getLongValue();
            if (v < min || v > max) throw Messages.wrongType(c, p, t, expected + " (out of range)");
            return isInt ? (Object) (int) v : (Object) v;
        }
        if (cast && (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_STRING)) {
            double d = t == JsonToken.VALUE_STRING ? parseDouble(p.getText()) : p.getDoubleValue();
            // Doubles hold every integer up to 2^53 exactly; beyond that a cast would invent
            // digits.
            if (d == Math.rint(d) && Math.abs(d) <= 9.007199254740992E15 && d >= min && d <= max) {
                return isInt ? (Object) (int) d : (Object) (long) d;
            }
        }
        throw Messages.wrongType(c, p, t, expected);
    }

    private long readTimestamp(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            if (isoAllowed) {
                long millis = Timestamps.parseIso(s);
                if (millis != Timestamps.INVALID) return millis;
            }
            double d = parseDouble(s); // epoch numbers sent as strings
            return Double.isNaN(d) ? Timestamps.INVALID : fromEpoch(d);
        }
        if (t.isNumeric()) {
            return fromEpoch(p.getDoubleValue());
        }
        return Timestamps.INVALID;
    }

    private long fromEpoch(double v) {
        if (secondsAllowed && millisAllowed) {
            return Math.abs(v) < Timestamps.SECONDS_MILLIS_CUTOFF
                    ? Timestamps.fromEpochSeconds(v)
                    : Timestamps.fromEpochMillis(v);
        }
        if (secondsAllowed) return Timestamps.fromEpochSeconds(v);
        if (millisAllowed) return Timestamps.fromEpochMillis(v);
        return Timestamps.INVALID;
    }

    /** A decimal number written as a string, or NaN for anything else. */
    static double parseDouble(String s) {
        String v = s.trim();
        if (v.isEmpty() || !DECIMAL.matcher(v).matches()) return Double.NaN;
        return Double.parseDouble(v);
    }
}
