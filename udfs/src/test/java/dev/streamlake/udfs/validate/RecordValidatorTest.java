package dev.streamlake.udfs.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.TableSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordValidatorTest {
    private static final TableSchema SENSORS =
            TableSchema.load(Path.of("../conf/schemas/sensor-readings.json"));
    private static final long EVENT_TIME = Instant.parse("2026-11-27T10:15:30.250Z").toEpochMilli();
    private static final long ARRIVAL = Instant.parse("2026-11-27T10:15:31Z").toEpochMilli();

    private final RecordValidator strict =
            new RecordValidator(
                    SENSORS,
                    ValidationRules.defaults(),
                    () -> {
                        throw new AssertionError(
                                "the clock is only for records without an arrival time");
                    });
    private final RecordValidator casting =
            new RecordValidator(SENSORS, ValidationRules.builder().castToSchema(true).build());

    /** The fields of a valid reading as raw JSON values, in order; tests change or remove some. */
    private static Map<String, String> reading() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("reading_id", "\"r-1\"");
        f.put("device_id", "\"dev-0001\"");
        f.put("ts", "\"2026-11-27T10:15:30.250Z\"");
        f.put("temperature", "21.5");
        f.put("humidity", "40");
        f.put("pressure", "1013.25");
        f.put("battery_mv", "3300");
        f.put("seq", "9007199254740993");
        f.put("status", "\"WARN\"");
        f.put("online", "true");
        f.put("owner_email", "\"owner@example.com\"");
        f.put(
                "attributes",
                "{\"firmware\": \"1.2.0\", \"location\": {\"floor\": 3}, \"tags\": [\"a\", null]}");
        return f;
    }

    private static String json(Map<String, String> fields) {
        StringBuilder b = new StringBuilder("{");
        fields.forEach(
                (k, v) ->
                        b.append(b.length() > 1 ? "," : "")
                                .append('"')
                                .append(k)
                                .append("\":")
                                .append(v));
        return b.append('}').toString();
    }

    private static Map<String, String> with(String field, String rawValue) {
        Map<String, String> f = reading();
        f.put(field, rawValue);
        return f;
    }

    private static Map<String, String> without(String field) {
        Map<String, String> f = reading();
        f.remove(field);
        return f;
    }

    private static RawRecord raw(byte[] payload) {
        return new RawRecord(
                payload,
                "sensor-readings",
                "shardId-000000000001",
                "49650000000000000001",
                "dev-0001",
                ARRIVAL);
    }

    private static RawRecord raw(String payload) {
        return raw(payload.getBytes(StandardCharsets.UTF_8));
    }

    private Validated strict(Map<String, String> fields) {
        return strict.validate(raw(json(fields)));
    }

    private static Object field(Validated v, String column) {
        assertThat(v.isOk()).as("%s", v).isTrue();
        return v.row().getField(SENSORS.indexOf(column));
    }

    private static void assertRejected(Validated v, ErrorType type, String messagePart) {
        assertThat(v.isOk()).as("%s", v).isFalse();
        assertThat(v.row()).isNull();
        assertThat(v.errorType()).as("%s", v).isEqualTo(type);
        assertThat(v.message()).contains(messagePart);
    }

    // ---------------------------------------------------------------------------------------
    // valid records

    @Test
    void acceptsAValidReadingIntoTypedColumns() {
        Validated v = strict(reading());

        assertThat(v.isOk()).as("%s", v).isTrue();
        assertThat(v.errorType()).isNull();
        Row row = v.row();
        assertThat(row.getArity()).isEqualTo(SENSORS.size());
        assertThat(field(v, "reading_id")).isEqualTo("r-1");
        assertThat(field(v, "device_id")).isEqualTo("dev-0001");
        assertThat(field(v, "event_time")).isEqualTo(EVENT_TIME);
        assertThat(field(v, "temperature")).isEqualTo(21.5);
        assertThat(field(v, "humidity")).isEqualTo(40.0); // an integer in a double column
        assertThat(field(v, "battery_mv")).isEqualTo(3300);
        assertThat(field(v, "seq")).isEqualTo(9007199254740993L); // beyond 2^53: exact
        assertThat(field(v, "status")).isEqualTo("WARN");
        assertThat(field(v, "online")).isEqualTo(true);
        assertThat(field(v, "attributes"))
                .isEqualTo(
                        "{\"firmware\":\"1.2.0\",\"location\":{\"floor\":3},\"tags\":[\"a\",null]}");
    }

    @Test
    void fillsMetadataColumnsFromArrival() {
        Validated v = strict(reading());

        assertThat(field(v, "arrival_time")).isEqualTo(ARRIVAL);
        assertThat(field(v, "shard_id")).isEqualTo("shardId-000000000001");
        assertThat(field(v, "sequence_number")).isEqualTo("49650000000000000001");
    }

    @Test
    void metadataNamesInThePayloadDoNotOverrideArrivalMetadata() {
        Map<String, String> f = reading();
        f.put("shard_id", "\"forged\"");
        f.put("arrival_time", "\"2000-01-01T00:00:00Z\"");

        Validated v = strict(f);

        assertThat(field(v, "shard_id")).isEqualTo("shardId-000000000001");
        assertThat(field(v, "arrival_time")).isEqualTo(ARRIVAL);
    }

    @Test
    void appliesDefaultWhenFieldIsMissing() {
        assertThat(field(strict(without("status")), "status")).isEqualTo("OK");
    }

    @Test
    void appliesDefaultWhenFieldIsNull() {
        assertThat(field(strict(with("status", "null")), "status")).isEqualTo("OK");
    }

    @Test
    void leavesOptionalColumnNullWhenMissing() {
        Validated v = strict(without("temperature"));
        assertThat(field(v, "temperature")).isNull();
        assertThat(field(strict(with("attributes", "null")), "attributes")).isNull();
    }

    @Test
    void ignoresUnknownFieldsOfAnyShape() {
        Map<String, String> f = reading();
        f.put("firmware_blob", "{\"a\": [1, 2, {\"b\": \"c\"}]}");
        f.put("extra", "\"x\"");

        Validated v = strict(f);

        assertThat(v.isOk()).as("%s", v).isTrue();
        assertThat(v.row().getArity()).isEqualTo(SENSORS.size());
    }

    @Test
    void readsTheSourceFieldNotTheColumnName() {
        Map<String, String> f = without("ts");
        f.put("event_time", "\"2026-11-27T10:15:30.250Z\"");

        assertRejected(strict(f), ErrorType.MISSING_FIELD, "event_time (field 'ts')");
    }

    @Test
    void acceptsUtf8ByteOrderMark() {
        byte[] body = json(reading()).getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        Validated v = strict.validate(raw(withBom));

        assertThat(v.isOk()).as("%s", v).isTrue();
    }

    @Test
    void acceptsMultiByteUtf8Text() {
        assertThat(field(strict(with("owner_email", "\"zoë😀@example.com\"")), "owner_email"))
                .isEqualTo("zoë😀@example.com");
    }

    @Test
    void usesClockOnlyWhenArrivalTimeIsMissing() {
        RecordValidator v =
                new RecordValidator(SENSORS, ValidationRules.defaults(), () -> EVENT_TIME + 1000);
        RawRecord noArrival = raw(json(reading()));
        noArrival.arrivalTime = 0;

        assertThat(v.validate(noArrival).isOk()).isTrue();
    }

    // ---------------------------------------------------------------------------------------
    // OVERSIZED, INVALID_UTF8

    @Test
    void rejectsRecordLargerThanTheLimitAsOversized() {
        RecordValidator small =
                new RecordValidator(
                        SENSORS,
                        ValidationRules.builder()
                                .maxRecordBytes(100)
                                .limitNames(
                                        Map.of(ValidationRules.Limit.MAX_RECORD_BYTES, "size.key"))
                                .build());
        assertThat(small.validate(raw(new byte[100])).errorType())
                .isNotEqualTo(ErrorType.OVERSIZED);

        assertRejected(
                small.validate(raw(new byte[101])),
                ErrorType.OVERSIZED,
                "record is 101 bytes; the limit is 100 (size.key)");
        assertThat(
                        new RecordValidator(
                                        SENSORS,
                                        ValidationRules.builder().maxRecordBytes(100).build())
                                .validate(raw(new byte[101]))
                                .message())
                .isEqualTo("record is 101 bytes; the limit is 100");
    }

    @Test
    void rejectsInvalidUtf8NamingTheByte() {
        byte[] payload = json(reading()).getBytes(StandardCharsets.UTF_8);
        payload[5] = (byte) 0xC0;

        assertRejected(strict.validate(raw(payload)), ErrorType.INVALID_UTF8, "at byte 5 (0xC0)");
    }

    @Test
    void rejectsEncodedSurrogateInsideStringAsInvalidUtf8() {
        byte[] prefix = "{\"reading_id\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[prefix.length + 5];
        System.arraycopy(prefix, 0, payload, 0, prefix.length);
        payload[prefix.length] = (byte) 0xED;
        payload[prefix.length + 1] = (byte) 0xA0;
        payload[prefix.length + 2] = (byte) 0x80;
        payload[prefix.length + 3] = '"';
        payload[prefix.length + 4] = '}';

        assertThat(strict.validate(raw(payload)).errorType()).isEqualTo(ErrorType.INVALID_UTF8);
    }

    // ---------------------------------------------------------------------------------------
    // MALFORMED_JSON, NOT_AN_OBJECT, LIMIT_EXCEEDED

    @Test
    void rejectsEmptyPayloadAsMalformed() {
        assertRejected(strict.validate(raw(new byte[0])), ErrorType.MALFORMED_JSON, "empty record");
        assertRejected(
                strict.validate(raw((byte[]) null)), ErrorType.MALFORMED_JSON, "empty record");
    }

    @Test
    void rejectsWhitespaceOnlyPayloadAsMalformed() {
        assertRejected(strict.validate(raw(" \n\t\r ")), ErrorType.MALFORMED_JSON, "empty record");
    }

    @Test
    void rejectsTruncatedJsonAsMalformed() {
        String whole = json(reading());
        assertThat(strict.validate(raw(whole.substring(0, whole.length() / 2))).errorType())
                .isEqualTo(ErrorType.MALFORMED_JSON);
        assertThat(strict.validate(raw(whole.substring(0, whole.length() - 1))).errorType())
                .isEqualTo(ErrorType.MALFORMED_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {" x", " {}", "}", ",", " [1]", " 1"})
    void rejectsTrailingContentAsMalformed(String trailer) {
        assertThat(strict.validate(raw(json(reading()) + trailer)).errorType())
                .isEqualTo(ErrorType.MALFORMED_JSON);
    }

    @Test
    void acceptsTrailingWhitespace() {
        assertThat(strict.validate(raw(json(reading()) + " \r\n")).isOk()).isTrue();
    }

    @Test
    void fieldOrderUnknownFieldsAndEscapedNamesGiveTheSameRow() {
        // The validator learns the producer's field order to match names by their bytes; any
        // other order, extra fields or an escaped name must still give the same row, each time.
        Map<String, String> reversed = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(reading().keySet());
        Collections.reverse(keys);
        for (String k : keys) reversed.put(k, reading().get(k));
        Map<String, String> extras = new LinkedHashMap<>();
        reading()
                .forEach(
                        (k, v) -> {
                            extras.put("x_" + k, "{\"" + k + "\":1}");
                            extras.put(k, v);
                        });
        Map<String, String> escaped = reading();
        String temperature = escaped.remove("temperature");
        escaped.put("temper\\u0061ture", temperature);

        Row expected = strict(reading()).row();
        for (int round = 0; round < 2; round++) {
            for (Map<String, String> fields :
                    List.of(reading(), reversed, extras, escaped, reading())) {
                assertThat(strict(fields).row()).isEqualTo(expected);
            }
        }
        // A repeat is still caught when the first of the two names was predicted.
        String twice =
                json(reading()).replace("\"device_id\"", "\"reading_id\":\"r-2\",\"device_id\"");
        assertRejected(strict.validate(raw(twice)), ErrorType.MALFORMED_JSON, "reading_id");
    }

    @Test
    void rejectsDuplicateKeysAsMalformed() {
        String payload =
                json(reading()).replace("{\"reading_id\"", "{\"status\":\"OK\",\"reading_id\"");

        assertRejected(strict.validate(raw(payload)), ErrorType.MALFORMED_JSON, "status");
    }

    @Test
    void rejectsDuplicateKeysInNestedObjectsAsMalformed() {
        assertThat(strict(with("attributes", "{\"a\":1,\"a\":2}")).errorType())
                .isEqualTo(ErrorType.MALFORMED_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "01", "1.", "+1", "0x10", "'x'", "tru"})
    void rejectsNonJsonNumbersAndLiteralsAsMalformed(String value) {
        assertThat(strict(with("temperature", value)).errorType())
                .isEqualTo(ErrorType.MALFORMED_JSON);
    }

    @Test
    void rejectsBrokenJsonInAnUnknownFieldAsMalformed() {
        Map<String, String> f = reading();
        f.put("extra", "[1, 2");
        assertThat(strict(f).errorType()).isEqualTo(ErrorType.MALFORMED_JSON);
    }

    @Test
    void reportsMalformedJsonAfterAWrongTypeAsMalformed() {
        String payload = "{\"temperature\":\"hot\",\"x\":";
        assertThat(strict.validate(raw(payload)).errorType()).isEqualTo(ErrorType.MALFORMED_JSON);
    }

    @Test
    void rejectsArrayAsNotAnObject() {
        assertRejected(
                strict.validate(raw("[" + json(reading()) + "]")),
                ErrorType.NOT_AN_OBJECT,
                "an array");
    }

    @Test
    void rejectsStringAsNotAnObject() {
        assertRejected(strict.validate(raw("\"hello\"")), ErrorType.NOT_AN_OBJECT, "a string");
    }

    @Test
    void rejectsNumberAsNotAnObject() {
        assertRejected(strict.validate(raw("42")), ErrorType.NOT_AN_OBJECT, "a number");
        assertRejected(strict.validate(raw("null")), ErrorType.NOT_AN_OBJECT, "null");
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        RecordValidator v =
                new RecordValidator(SENSORS, ValidationRules.builder().maxNestingDepth(3).build());

        // The record is depth 1, attributes depth 2, its location depth 3.
        assertThat(v.validate(raw(json(reading()))).isOk()).isTrue();
        Validated deeper = v.validate(raw(json(with("attributes", "{\"a\":{\"b\":{}}}"))));

        assertRejected(deeper, ErrorType.LIMIT_EXCEEDED, "3");
    }

    @Test
    void rejectsDeepNestingInUnknownFieldsToo() {
        Map<String, String> f = reading();
        f.put("junk", "[".repeat(100) + "]".repeat(100));

        assertThat(strict(f).errorType()).isEqualTo(ErrorType.LIMIT_EXCEEDED);
    }

    @Test
    void rejectsDeeplyNestedGarbageWithoutStackOverflow() {
        String payload = "[".repeat(100_000);
        assertThat(strict.validate(raw(payload)).errorType()).isEqualTo(ErrorType.LIMIT_EXCEEDED);
    }

    @Test
    void rejectsMoreFieldsThanTheLimit() {
        RecordValidator v =
                new RecordValidator(
                        SENSORS,
                        ValidationRules.builder()
                                .maxFields(12)
                                .limitNames(Map.of(ValidationRules.Limit.MAX_FIELDS, "fields.key"))
                                .build());
        assertThat(v.validate(raw(json(reading()))).isOk()).isTrue();
        Map<String, String> f = reading();
        f.put("one_more", "1");

        assertRejected(
                v.validate(raw(json(f))),
                ErrorType.LIMIT_EXCEEDED,
                "more than 12 fields (fields.key)");
    }

    // ---------------------------------------------------------------------------------------
    // MISSING_FIELD

    @Test
    void rejectsMissingRequiredField() {
        assertRejected(
                strict(without("device_id")),
                ErrorType.MISSING_FIELD,
                "device_id: required but missing");
    }

    @Test
    void rejectsNullRequiredFieldAsMissing() {
        assertRejected(
                strict(with("reading_id", "null")),
                ErrorType.MISSING_FIELD,
                "reading_id: required but missing");
    }

    @Test
    void namesTheSourceFieldOfAMissingRenamedColumn() {
        assertRejected(
                strict(without("ts")),
                ErrorType.MISSING_FIELD,
                "event_time (field 'ts'): required but missing");
    }

    // ---------------------------------------------------------------------------------------
    // WRONG_TYPE

    @Test
    void rejectsNumberInStringColumnAsWrongType() {
        assertRejected(
                strict(with("reading_id", "17")),
                ErrorType.WRONG_TYPE,
                "reading_id: expected string, got a number 17");
    }

    @Test
    void rejectsObjectInStringColumnAsWrongType() {
        assertRejected(
                strict(with("device_id", "{\"id\":1}")),
                ErrorType.WRONG_TYPE,
                "device_id: expected string, got an object");
    }

    @Test
    void rejectsStringInDoubleColumnAsWrongType() {
        assertRejected(
                strict(with("temperature", "\"21.5\"")),
                ErrorType.WRONG_TYPE,
                "temperature: expected double, got string \"21.5\"");
    }

    @Test
    void rejectsHugeNumberInDoubleColumnAsWrongType() {
        assertRejected(
                strict(with("pressure", "1e400")),
                ErrorType.WRONG_TYPE,
                "pressure: expected a finite double");
    }

    @Test
    void rejectsFractionInIntColumnAsWrongType() {
        assertRejected(
                strict(with("battery_mv", "3300.5")),
                ErrorType.WRONG_TYPE,
                "battery_mv: expected an int");
    }

    @Test
    void rejectsOutOfRangeIntAsWrongType() {
        assertThat(field(strict(with("battery_mv", "2147483647")), "battery_mv"))
                .isEqualTo(Integer.MAX_VALUE);
        assertRejected(
                strict(with("battery_mv", "2147483648")),
                ErrorType.WRONG_TYPE,
                "battery_mv: expected an int (out of range)");
        assertRejected(
                strict(with("battery_mv", "-2147483649")),
                ErrorType.WRONG_TYPE,
                "battery_mv: expected an int (out of range)");
    }

    @Test
    void rejectsOutOfRangeBigintAsWrongType() {
        assertThat(field(strict(with("seq", "-9223372036854775808")), "seq"))
                .isEqualTo(Long.MIN_VALUE);
        assertRejected(
                strict(with("seq", "9223372036854775808")),
                ErrorType.WRONG_TYPE,
                "seq: expected a bigint (out of range)");
        assertRejected(
                strict(with("seq", "1" + "0".repeat(60))),
                ErrorType.WRONG_TYPE,
                "seq: expected a bigint (out of range)");
    }

    @Test
    void rejectsStringInBooleanColumnAsWrongType() {
        assertRejected(
                strict(with("online", "\"true\"")),
                ErrorType.WRONG_TYPE,
                "online: expected boolean");
        assertRejected(
                strict(with("online", "1")), ErrorType.WRONG_TYPE, "online: expected boolean");
    }

    @Test
    void acceptsAnyJsonValueInJsonColumn() {
        assertThat(field(strict(with("attributes", "[1,{\"a\":\"b\"}]")), "attributes"))
                .isEqualTo("[1,{\"a\":\"b\"}]");
        assertThat(field(strict(with("attributes", "\"plain\"")), "attributes"))
                .isEqualTo("\"plain\"");
        assertThat(field(strict(with("attributes", "12.50")), "attributes")).isEqualTo("12.50");
    }

    @Test
    void jsonColumnIsTheSameCompactTextWhetherTheInputWasCompactOrNot() {
        String compact =
                "{\"fw\":\"1.2\",\"loc\":{\"lat\":1.50,\"tags\":[\"é\",null,true]},\"n\":[]}";
        String spaced =
                "{ \"fw\" : \"1.2\",\n \"loc\": {\"lat\": 1.50, \"tags\": [\"é\", null, true]}, \"n\": [ ] }";
        assertThat(field(strict(with("attributes", compact)), "attributes")).isEqualTo(compact);
        assertThat(field(strict(with("attributes", spaced)), "attributes")).isEqualTo(compact);
        // Escapes are written anew, as the generator writes them.
        assertThat(field(strict(with("attributes", "{\"q\":\"a\\u0041\\\"b\"}")), "attributes"))
                .isEqualTo("{\"q\":\"aA\\\"b\"}");
        // Taking the bytes still checks what parsing checks: a nested duplicate key is rejected.
        assertThat(strict(with("attributes", "[{\"a\":1},{\"a\":1,\"a\":2}]")).errorType())
                .isEqualTo(ErrorType.MALFORMED_JSON);
    }

    @Test
    void keepsNumbersInJsonColumnDigitForDigit() {
        String attributes =
                "{\"price\":12.50,\"pi\":3.14159265358979323846264,\"huge\":1e400,\"neg\":-0.0,"
                        + "\"big\":123456789012345678901234567890,\"list\":[1E2,-7]}";

        assertThat(field(strict(with("attributes", attributes)), "attributes"))
                .isEqualTo(attributes);
    }

    @Test
    void rejectsUnreadableNonEventTimestampAsWrongType() {
        TableSchema s =
                TableSchema.parse(
                        ("{'key':'id','event_time':'t','columns':["
                                        + "{'name':'id','type':'string','required':true},"
                                        + "{'name':'t','type':'timestamp','required':true},"
                                        + "{'name':'seen','type':'timestamp'}]}")
                                .replace('\'', '"'));
        RecordValidator v = new RecordValidator(s, ValidationRules.defaults());

        Validated r =
                v.validate(raw("{\"id\":\"a\",\"t\":\"2026-11-27T10:15:30Z\",\"seen\":\"later\"}"));

        assertRejected(
                r, ErrorType.WRONG_TYPE, "seen: cannot read string \"later\" as a timestamp");
    }

    @Test
    void truncatesLongValuesInTheMessage() {
        Validated v = strict(with("temperature", "\"" + "x".repeat(500) + "\""));
        assertThat(v.message()).contains("x".repeat(40) + "...").doesNotContain("x".repeat(41));
    }

    @Test
    void reportsTheFirstWrongField() {
        Map<String, String> f = with("temperature", "\"hot\"");
        f.put("battery_mv", "\"low\"");
        assertRejected(strict(f), ErrorType.WRONG_TYPE, "temperature:");
    }

    // ---------------------------------------------------------------------------------------
    // cast-to-schema

    @Test
    void castsLosslessValuesWhenCastToSchemaIsOn() {
        Map<String, String> f = reading();
        f.put("reading_id", "17");
        f.put("temperature", "\" 21.5 \"");
        f.put("battery_mv", "3300.0");
        f.put("seq", "\"42\"");
        f.put("online", "\"FALSE\"");
        f.put("status", "true");

        Validated v = casting.validate(raw(json(f)));

        assertThat(field(v, "reading_id")).isEqualTo("17");
        assertThat(field(v, "temperature")).isEqualTo(21.5);
        assertThat(field(v, "battery_mv")).isEqualTo(3300);
        assertThat(field(v, "seq")).isEqualTo(42L);
        assertThat(field(v, "online")).isEqualTo(false);
        assertThat(field(v, "status")).isEqualTo("true");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "battery_mv,  3300.5",
        "battery_mv,  3e9",
        "seq,         1e17",
        "temperature, \"NaN\"",
        "temperature, \"0x1p3\"",
        "online,      \"yes\"",
        "reading_id,  {}"
    })
    void refusesLossyCastsEvenWhenCastToSchemaIsOn(String field, String rawValue) {
        assertThat(casting.validate(raw(json(with(field, rawValue)))).errorType())
                .isEqualTo(ErrorType.WRONG_TYPE);
    }

    // ---------------------------------------------------------------------------------------
    // event time

    @Test
    void readsIsoEventTimeWithOffset() {
        assertThat(field(strict(with("ts", "\"2026-11-27T11:15:30.250+01:00\"")), "event_time"))
                .isEqualTo(EVENT_TIME);
    }

    @Test
    void readsEpochMillisEventTime() {
        assertThat(field(strict(with("ts", "1795774530250")), "event_time")).isEqualTo(EVENT_TIME);
    }

    @Test
    void readsEpochSecondsEventTimeWithFraction() {
        assertThat(field(strict(with("ts", "1795774530.25")), "event_time")).isEqualTo(EVENT_TIME);
        assertThat(field(strict(with("ts", "1795774530")), "event_time"))
                .isEqualTo(EVENT_TIME - 250);
    }

    @Test
    void readsEpochNumbersSentAsStrings() {
        assertThat(field(strict(with("ts", "\"1795774530250\"")), "event_time"))
                .isEqualTo(EVENT_TIME);
        assertThat(field(strict(with("ts", "\"1795774530.250\"")), "event_time"))
                .isEqualTo(EVENT_TIME);
    }

    @Test
    void splitsSecondsFromMillisAtTheCutoff() {
        long justBelow = 99_999_999_999L; // seconds: year 5138
        long cutoff =
                (long)
                        dev.streamlake.udfs.schema.Timestamps
                                .SECONDS_MILLIS_CUTOFF; // millis: 1970-01-02
        RecordValidator anyTime =
                new RecordValidator(
                        SENSORS,
                        ValidationRules.builder()
                                .maxFuture(Duration.ofDays(3_000_000))
                                .maxPast(Duration.ofDays(3_000_000))
                                .build());

        assertThat(
                        field(
                                anyTime.validate(raw(json(with("ts", String.valueOf(justBelow))))),
                                "event_time"))
                .isEqualTo(justBelow * 1000);
        assertThat(
                        field(
                                anyTime.validate(raw(json(with("ts", String.valueOf(cutoff))))),
                                "event_time"))
                .isEqualTo(cutoff);
    }

    @Test
    void readsNumbersAsTheOnlyAllowedEpochUnit() {
        RecordValidator secondsOnly =
                new RecordValidator(
                        schemaWithFormats("'epoch_seconds'"), ValidationRules.defaults());
        RecordValidator millisOnly =
                new RecordValidator(
                        schemaWithFormats("'epoch_millis'"), ValidationRules.defaults());

        assertThat(
                        secondsOnly
                                .validate(raw("{\"id\":\"a\",\"t\":1795774530.25}"))
                                .row()
                                .getField(1))
                .isEqualTo(EVENT_TIME);
        // In millis, 1795774530250 seconds is beyond year 9999.
        assertThat(secondsOnly.validate(raw("{\"id\":\"a\",\"t\":1795774530250}")).errorType())
                .isEqualTo(ErrorType.INVALID_EVENT_TIME);
        assertThat(millisOnly.validate(raw("{\"id\":\"a\",\"t\":1795774530250}")).row().getField(1))
                .isEqualTo(EVENT_TIME);
        // A seconds value read as millis is January 1970: far outside the arrival's range.
        assertThat(millisOnly.validate(raw("{\"id\":\"a\",\"t\":1795774530}")).errorType())
                .isEqualTo(ErrorType.EVENT_TIME_OUT_OF_RANGE);
    }

    @Test
    void rejectsIsoEventTimeWhenOnlyEpochFormatsAreAllowed() {
        RecordValidator epochOnly =
                new RecordValidator(
                        schemaWithFormats("'epoch_millis','epoch_seconds'"),
                        ValidationRules.defaults());
        assertThat(
                        epochOnly
                                .validate(raw("{\"id\":\"a\",\"t\":\"2026-11-27T10:15:30Z\"}"))
                                .errorType())
                .isEqualTo(ErrorType.INVALID_EVENT_TIME);
    }

    @Test
    void rejectsEpochEventTimeWhenOnlyIsoIsAllowed() {
        RecordValidator isoOnly =
                new RecordValidator(schemaWithFormats("'iso8601'"), ValidationRules.defaults());
        assertThat(
                        isoOnly.validate(raw("{\"id\":\"a\",\"t\":\"2026-11-27T10:15:30.250Z\"}"))
                                .row()
                                .getField(1))
                .isEqualTo(EVENT_TIME);
        assertThat(isoOnly.validate(raw("{\"id\":\"a\",\"t\":1795774530250}")).errorType())
                .isEqualTo(ErrorType.INVALID_EVENT_TIME);
        assertThat(isoOnly.validate(raw("{\"id\":\"a\",\"t\":\"1795774530250\"}")).errorType())
                .isEqualTo(ErrorType.INVALID_EVENT_TIME);
    }

    private static TableSchema schemaWithFormats(String formats) {
        return TableSchema.parse(
                ("{'key':'id','event_time':'t','timestamp_formats':["
                                + formats
                                + "],'columns':["
                                + "{'name':'id','type':'string','required':true},"
                                + "{'name':'t','type':'timestamp','required':true}]}")
                        .replace('\'', '"'));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"yesterday\"",
                "\"2026-02-30T10:00:00Z\"",
                "\"2026-11-27T24:00:00Z\"",
                "true",
                "[1]",
                "{}",
                "\"\"",
                "\"NaN\""
            })
    void rejectsUnreadableEventTime(String ts) {
        assertRejected(
                strict(with("ts", ts)), ErrorType.INVALID_EVENT_TIME, "event_time: cannot read");
    }

    @Test
    void rejectsEventTimeTooFarInTheFuture() {
        long limit = ARRIVAL + Duration.ofDays(7).toMillis();
        assertThat(strict(with("ts", String.valueOf(limit))).isOk()).isTrue();

        assertRejected(
                strict(with("ts", String.valueOf(limit + 1))),
                ErrorType.EVENT_TIME_OUT_OF_RANGE,
                "event_time 2026-12-04 10:15:31.001 is outside");
    }

    @Test
    void rejectsEventTimeTooFarInThePast() {
        long limit = ARRIVAL - Duration.ofDays(365).toMillis();
        assertThat(strict(with("ts", String.valueOf(limit))).isOk()).isTrue();

        assertRejected(
                strict(with("ts", String.valueOf(limit - 1))),
                ErrorType.EVENT_TIME_OUT_OF_RANGE,
                "is outside");
    }

    @Test
    void appliesConfiguredEventTimeBounds() {
        RecordValidator tight =
                new RecordValidator(
                        SENSORS,
                        ValidationRules.builder()
                                .maxFuture(Duration.ofSeconds(1))
                                .maxPast(Duration.ofMinutes(1))
                                .build());
        assertThat(tight.validate(raw(json(reading()))).isOk()).isTrue();
        assertThat(
                        tight.validate(raw(json(with("ts", String.valueOf(ARRIVAL + 1001)))))
                                .errorType())
                .isEqualTo(ErrorType.EVENT_TIME_OUT_OF_RANGE);
        assertThat(
                        tight.validate(raw(json(with("ts", String.valueOf(ARRIVAL - 60_001)))))
                                .errorType())
                .isEqualTo(ErrorType.EVENT_TIME_OUT_OF_RANGE);
    }

    @Test
    void validatorIsReusableAcrossGoodAndBadRecords() {
        for (int i = 0; i < 3; i++) {
            assertThat(strict(reading()).isOk()).isTrue();
            assertThat(strict(with("temperature", "\"x\"")).errorType())
                    .isEqualTo(ErrorType.WRONG_TYPE);
            assertThat(strict.validate(raw("{")).errorType()).isEqualTo(ErrorType.MALFORMED_JSON);
        }
    }
}
