package dev.streamlake.udfs.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.ArrivalField;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.ColumnType;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.schema.TimestampFormat;
import dev.streamlake.udfs.schema.Timestamps;
import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.types.Row;

/**
 * Turns a raw payload into a row of the schema, or says exactly why it cannot.
 *
 * <p>It never throws on bad input: every outcome is a {@link Validated}. Checks run cheapest
 * first: size, the text policy ({@link Utf8}: UTF-8 JSON text, escapes of Unicode characters),
 * then one streaming pass of JSON that fills the row, then required columns and the event-time
 * bounds. Input fields that no column names are skipped (but still parsed, so
 * broken JSON anywhere in the record is reported as such). Not thread-safe: one per subtask.
 */
public final class RecordValidator {
    private static final int EXCERPT = 40;
    private static final int UNKNOWN = -1;
    private static final int NO_MORE_FIELDS = -2;

    private final TableSchema schema;
    private final ValidationRules rules;
    private final LongSupplier clock;
    private final JsonFactory json;
    private final Map<String, Integer> columnBySource = new HashMap<>();
    private final Column[] columns;
    /** Per column: its arrival metadata field, or null for a column read from the record. */
    private final ArrivalField[] metadataOf;
    /** Per column, its input field's name as JSON bytes, to match the next field without decoding it. */
    private final SerializableString[] quotedSources;
    /**
     * The column whose field came after column i in the previous record (at i + 1; at 0, the
     * first), or UNKNOWN: producers write fields in a fixed order, so this predicts the next name.
     */
    private final int[] fieldAfter;
    /** Names of the objects being read: a repeated name makes the record malformed JSON. */
    private final ObjectNames names = new ObjectNames();
    /** The payload being validated: nested JSON values are copied from it as they are. */
    private byte[] current;
    private final boolean isoAllowed;
    private final boolean secondsAllowed;
    private final boolean millisAllowed;

    public RecordValidator(TableSchema schema, ValidationRules rules) {
        this(schema, rules, System::currentTimeMillis);
    }

    /** {@code clock} is asked for "now" only for records that carry no arrival time. */
    public RecordValidator(TableSchema schema, ValidationRules rules, LongSupplier clock) {
        this.schema = schema;
        this.rules = rules;
        this.clock = clock;
        this.json =
                JsonFactory.builder()
                        // Correctly rounded like Double.parseDouble, several times faster.
                        .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(rules.maxNestingDepth())
                                        .maxStringLength(rules.maxRecordBytes())
                                        .build())
                        .build();
        this.columns = schema.columns().toArray(new Column[0]);
        this.metadataOf = new ArrivalField[columns.length];
        this.quotedSources = new SerializableString[columns.length];
        this.fieldAfter = new int[columns.length + 1];
        java.util.Arrays.fill(fieldAfter, UNKNOWN);
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].isMetadata()) {
                metadataOf[i] = ArrivalField.of(columns[i].source());
            } else {
                columnBySource.put(columns[i].source(), i);
                quotedSources[i] = new SerializedString(columns[i].source());
            }
        }
        this.isoAllowed = schema.timestampFormats().contains(TimestampFormat.ISO8601);
        this.secondsAllowed = schema.timestampFormats().contains(TimestampFormat.EPOCH_SECONDS);
        this.millisAllowed = schema.timestampFormats().contains(TimestampFormat.EPOCH_MILLIS);
    }

    public TableSchema schema() {
        return schema;
    }

    public Validated validate(RawRecord raw) {
        byte[] payload = raw.payload == null ? new byte[0] : raw.payload;
        if (payload.length > rules.maxRecordBytes()) {
            return Validated.rejected(
                    ErrorType.OVERSIZED,
                    "record is " + payload.length + " bytes; the limit is "
                            + rules.maxRecordBytes() + rules.nameOf(ValidationRules.Limit.MAX_RECORD_BYTES));
        }
        Utf8.Problem text = Utf8.check(payload);
        if (text != null) {
            return Validated.rejected(
                    text.type,
                    text.type == ErrorType.INVALID_UNICODE
                            ? text.what + " in " + pathAt(payload, text.offset)
                                    + ": escapes must decode to Unicode characters"
                            : text.what);
        }
        Row row = Row.withPositions(columns.length);
        Validated problem;
        current = payload;
        names.clear();
        try (JsonParser parser = json.createParser(payload)) {
            if (!(parser instanceof UTF8StreamJsonParser)) {
                // Utf8.check leaves Jackson no other encoding to guess (UnicodePolicyTest tries
                // every prefix); should a Jackson upgrade guess anyway, the record is rejected.
                return Validated.rejected(
                        ErrorType.INVALID_UTF8, "not read as UTF-8: the lake takes UTF-8 JSON only");
            }
            problem = readObject(parser, row);
        } catch (StreamConstraintsException e) {
            return Validated.rejected(ErrorType.LIMIT_EXCEEDED, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            return Validated.rejected(ErrorType.MALFORMED_JSON, describe(e));
        } catch (IOException e) {
            // Parsing a byte array does no I/O; anything else here is a bug, not bad input.
            throw new IllegalStateException(e);
        }
        if (problem != null) return problem;
        return complete(row, raw);
    }

    /** Parses one JSON object into {@code row}; returns the first field-level problem. */
    private Validated readObject(JsonParser p, Row row) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            return Validated.rejected(ErrorType.MALFORMED_JSON, "empty record");
        }
        if (first != JsonToken.START_OBJECT) {
            skip(p);
            requireEnd(p);
            return Validated.rejected(
                    ErrorType.NOT_AN_OBJECT, "expected a JSON object, got " + kind(first));
        }
        names.enterObject();
        Validated problem = null;
        int fields = 0;
        int previous = -1; // the column of the previous known field
        int index;
        while ((index = nextField(p, previous)) != NO_MORE_FIELDS) {
            String name = p.currentName();
            if (++fields > rules.maxFields()) {
                return Validated.rejected(
                        ErrorType.LIMIT_EXCEEDED,
                        "more than " + rules.maxFields() + " fields"
                                + rules.nameOf(ValidationRules.Limit.MAX_FIELDS));
            }
            if (!names.add(name)) throw duplicate(p, name);
            if (index != UNKNOWN) {
                fieldAfter[previous + 1] = index;
                previous = index;
            }
            JsonToken valueToken = p.nextToken();
            if (index == UNKNOWN || valueToken == JsonToken.VALUE_NULL || problem != null) {
                skip(p);
                continue;
            }
            try {
                row.setField(index, read(p, valueToken, columns[index]));
            } catch (FieldProblem e) {
                problem = Validated.rejected(e.type, e.getMessage());
                skip(p);
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IllegalStateException("unexpected token " + p.currentToken()); // Jackson reports this
        }
        requireEnd(p);
        return problem;
    }

    /**
     * Advances to the next field; returns its column, {@link #UNKNOWN} for a field no column reads,
     * or {@link #NO_MORE_FIELDS} at the object's end. The field that followed {@code previous} in
     * the last record is tried first, by its bytes: producers keep one order, and a match skips
     * decoding the name and looking it up.
     */
    private int nextField(JsonParser p, int previous) throws IOException {
        int expected = fieldAfter[previous + 1];
        if (expected != UNKNOWN && p.nextFieldName(quotedSources[expected])) return expected;
        JsonToken t = expected != UNKNOWN ? p.currentToken() : p.nextToken();
        if (t != JsonToken.FIELD_NAME) return NO_MORE_FIELDS;
        Integer known = columnBySource.get(p.currentName());
        return known == null ? UNKNOWN : known;
    }

    /**
     * Skips the current value, as {@link JsonParser#skipChildren} does, checking every object in
     * it for repeated names.
     */
    private void skip(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        int depth = 0;
        do {
            switch (t) {
                case START_OBJECT:
                    names.enterObject();
                    depth++;
                    break;
                case START_ARRAY:
                    depth++;
                    break;
                case END_OBJECT:
                    names.exitObject();
                    depth--;
                    break;
                case END_ARRAY:
                    depth--;
                    break;
                case FIELD_NAME:
                    if (!names.add(p.currentName())) throw duplicate(p, p.currentName());
                    break;
                default:
                    break;
            }
        } while (depth > 0 && (t = p.nextToken()) != null);
    }

    private static JsonParseException duplicate(JsonParser p, String name) {
        return new JsonParseException(p, "Duplicate field '" + name + "'");
    }

    private static void requireEnd(JsonParser p) throws IOException {
        JsonToken extra = p.nextToken();
        if (extra != null) {
            throw new JsonParseException(
                    p, "trailing content after the JSON value: " + kind(extra));
        }
    }

    private Object read(JsonParser p, JsonToken t, Column c) throws IOException, FieldProblem {
        boolean cast = rules.castToSchema();
        switch (c.type()) {
            case STRING:
                if (t == JsonToken.VALUE_STRING) return p.getText();
                if (cast && t.isScalarValue()) return p.getText();
                break;
            case BIGINT:
            case INT:
                return readInteger(p, t, c, cast);
            case DOUBLE:
                if (t.isNumeric() || (cast && t == JsonToken.VALUE_STRING)) {
                    double d = t.isNumeric() ? p.getDoubleValue() : parseDouble(p.getText());
                    if (Double.isFinite(d)) return d;
                    throw wrongType(c, p, t, "a finite double");
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
                boolean isEventTime = c == columns[schema.eventTimeIndex()];
                throw new FieldProblem(
                        isEventTime ? ErrorType.INVALID_EVENT_TIME : ErrorType.WRONG_TYPE,
                        c.name() + ": cannot read " + excerpt(p, t) + " as a timestamp in "
                                + schema.timestampFormats());
            case JSON:
                return copyJson(p);
        }
        throw wrongType(c, p, t, c.type().name().toLowerCase());
    }

    private Object readInteger(JsonParser p, JsonToken t, Column c, boolean cast)
            throws IOException, FieldProblem {
        boolean isInt = c.type() == ColumnType.INT;
        long min = isInt ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long max = isInt ? Integer.MAX_VALUE : Long.MAX_VALUE;
        String expected = isInt ? "an int" : "a bigint";
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw wrongType(c, p, t, expected + " (out of range)");
            }
            long v = p.getLongValue();
            if (v < min || v > max) throw wrongType(c, p, t, expected + " (out of range)");
            return isInt ? (Object) (int) v : (Object) v;
        }
        if (cast && (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_STRING)) {
            double d = t == JsonToken.VALUE_STRING ? parseDouble(p.getText()) : p.getDoubleValue();
            // Doubles hold every integer up to 2^53 exactly; beyond that a cast would invent digits.
            if (d == Math.rint(d) && Math.abs(d) <= 9.007199254740992E15 && d >= min && d <= max) {
                return isInt ? (Object) (int) d : (Object) (long) d;
            }
        }
        throw wrongType(c, p, t, expected);
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

    /** Fills metadata and defaults, then checks required columns and the event-time bounds. */
    private Validated complete(Row row, RawRecord raw) {
        for (int i = 0; i < columns.length; i++) {
            Column c = columns[i];
            if (c.isMetadata()) {
                Object value = metadata(metadataOf[i], raw);
                int bad = value instanceof String ? Utf8.firstLoneSurrogate((String) value) : -1;
                if (bad >= 0) {
                    return Validated.rejected(
                            ErrorType.INVALID_UNICODE,
                            c.name() + " (" + c.source() + "): "
                                    + Utf8.describeSurrogate(((String) value).charAt(bad)) + " at char " + bad);
                }
                row.setField(i, value);
            }
            if (row.getField(i) == null) {
                if (c.required()) {
                    String field = c.source().equals(c.name()) ? "" : " (field '" + c.source() + "')";
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
                    schema.column(schema.eventTimeIndex()).name() + " "
                            + Timestamps.formatUtc(eventTime) + " is outside [arrival - "
                            + rules.maxPast() + ", arrival + " + rules.maxFuture() + "]");
        }
        return Validated.ok(row);
    }

    /**
     * The JSON pointer of the name or value that holds byte {@code offset}, for a message: as far
     * as the record parses, lone surrogates written as escapes, at most {@value #EXCERPT} * 4 chars.
     */
    private String pathAt(byte[] payload, int offset) {
        String path = "";
        try (JsonParser p = json.createParser(payload)) {
            while (p.nextToken() != null && p.currentTokenLocation().getByteOffset() <= offset) {
                path = p.getParsingContext().pathAsPointer().toString();
            }
        } catch (IOException | RuntimeException e) {
            // The record breaks off before the offset: the path so far is the best we know.
        }
        if (path.isEmpty()) path = "/";
        int max = EXCERPT * 4;
        if (path.length() > max) {
            int cut = path.offsetByCodePoints(0, path.codePointCount(0, max));
            path = path.substring(0, cut) + "...";
        }
        return Utf8.printable(path);
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

    /**
     * The current value (and its children) as compact JSON text. An object or array that is
     * already compact in the payload (no whitespace, no escapes) is taken as its bytes; anything
     * else is written anew. Both give the same text; the first allocates one String.
     */
    private String copyJson(JsonParser p) throws IOException {
        if (!p.currentToken().isStructStart()) return writeJson(p);
        long start = p.currentTokenLocation().getByteOffset();
        skip(p); // still checks duplicates (and the parser, depth)
        long end = p.currentTokenLocation().getByteOffset() + 1;
        byte[] b = current;
        if (start < 0 || end > b.length || end <= start) {
            throw new IllegalStateException("no byte offsets from the parser"); // byte[] input has them
        }
        int from = (int) start;
        int length = (int) (end - start);
        if (isCompactWithoutEscapes(b, from, length)) {
            return new String(b, from, length, java.nio.charset.StandardCharsets.UTF_8);
        }
        try (JsonParser again = json.createParser(b, from, length)) {
            again.nextToken();
            return writeJson(again);
        }
    }

    private static boolean isCompactWithoutEscapes(byte[] b, int from, int length) {
        byte first = b[from];
        byte last = b[from + length - 1];
        if (!((first == '{' && last == '}') || (first == '[' && last == ']'))) return false;
        for (int i = from; i < from + length; i++) {
            byte c = b[i];
            if (c == ' ' || c == '\\' || c == '\n' || c == '\r' || c == '\t') return false;
        }
        return true;
    }

    private String writeJson(JsonParser p) throws IOException {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = json.createGenerator(out)) {
            // Event by event, not copyCurrentStructure: that rounds decimals through double
            // (12.50 became 12.5, 1e400 the string "Infinity"); numbers keep their own text.
            int depth = 0;
            do {
                JsonToken t = p.currentToken();
                if (t.isNumeric()) g.writeNumber(p.getText());
                else g.copyCurrentEvent(p);
                if (t.isStructStart()) depth++;
                else if (t.isStructEnd()) depth--;
            } while (depth > 0 && p.nextToken() != null);
        }
        return out.toString();
    }

    private static double parseDouble(String s) {
        String v = s.trim();
        // Java also accepts "NaN", "Infinity", hex and a trailing 'd'/'f'; JSON users mean none.
        if (v.isEmpty() || !v.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return Double.NaN;
        }
        return Double.parseDouble(v);
    }

    private static FieldProblem wrongType(Column c, JsonParser p, JsonToken t, String expected)
            throws IOException {
        return new FieldProblem(
                ErrorType.WRONG_TYPE, c.name() + ": expected " + expected + ", got " + excerpt(p, t));
    }

    private static String excerpt(JsonParser p, JsonToken t) throws IOException {
        if (!t.isScalarValue()) return kind(t);
        String text = p.getText();
        if (text.codePointCount(0, text.length()) > EXCERPT) {
            text = text.substring(0, text.offsetByCodePoints(0, EXCERPT)) + "..."; // never half a pair
        }
        return t == JsonToken.VALUE_STRING ? "string \"" + text + "\"" : kind(t) + " " + text;
    }

    private static String kind(JsonToken t) {
        switch (t) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.asString() == null ? t.name() : t.asString();
        }
    }

    private static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (e.getLocation() != null && e.getLocation().getByteOffset() >= 0) {
            msg += " (at byte " + e.getLocation().getByteOffset() + ")";
        }
        return msg;
    }

    /** A value that does not fit its column; cheap because it carries no stack trace. */
    private static final class FieldProblem extends Exception {
        private static final long serialVersionUID = 1L;
        final ErrorType type;

        FieldProblem(ErrorType type, String message) {
            super(message, null, false, false);
            this.type = type;
        }
    }
}
