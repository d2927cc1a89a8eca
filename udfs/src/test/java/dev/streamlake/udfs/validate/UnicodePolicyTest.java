package dev.streamlake.udfs.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.text.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lake's Unicode and encoding policy: UTF-8 JSON text only, and every <code>&#92;u</code>
 * escape must decode to well-formed Unicode, wherever in the record it is.
 */
class UnicodePolicyTest {
    private static final TableSchema SENSORS =
            TableSchema.load(Path.of("../conf/schemas/sensor-readings.json"));
    private static final long ARRIVAL = Instant.parse("2026-11-27T10:15:31Z").toEpochMilli();
    private static final String HEAD =
            "{\"reading_id\":\"r-1\",\"device_id\":\"dev-0001\",\"ts\":\"2026-11-27T10:15:30.250Z\"";

    private final RecordValidator validator =
            new RecordValidator(SENSORS, ValidationRules.defaults());

    private static RawRecord raw(byte[] payload) {
        return new RawRecord(
                payload, "sensor-readings", "shardId-000000000001", "4965", "dev-0001", ARRIVAL);
    }

    private Validated validate(String payload) {
        return validator.validate(raw(payload.getBytes(StandardCharsets.UTF_8)));
    }

    /** A valid reading with {@code more} (raw JSON, starting with a comma) appended. */
    private Validated reading(String more) {
        return validate(HEAD + more + "}");
    }

    private static Object field(Validated v, String column) {
        assertThat(v.isOk()).as("%s", v).isTrue();
        return v.row().getField(SENSORS.indexOf(column));
    }

    private static void assertInvalidUnicode(Validated v, String... messageParts) {
        assertThat(v.isOk()).as("%s", v).isFalse();
        assertThat(v.errorType()).as("%s", v).isEqualTo(ErrorType.INVALID_UNICODE);
        assertThat(v.message()).contains(messageParts);
        assertThat(v.message())
                .as("the message itself is well-formed")
                .isEqualTo(wellFormed(v.message()));
    }

    private static String wellFormed(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------
    // \\u escapes that decode to invalid Unicode, wherever they are

    @Test
    void rejectsLoneSurrogateInAJsonColumnsValue() {
        // Measured: accepted, then the events writer threw "Incomplete surrogate pair" forever.
        Validated v = reading(",\"attributes\":{\"s\":\"x\\ud800y\"}");

        assertInvalidUnicode(v, "lone high surrogate \\uD800", "/attributes/s", "at byte ");
    }

    @Test
    void rejectsLoneSurrogateInAJsonColumnsKey() {
        Validated v = reading(",\"attributes\":{\"x\\ud800y\":1}");

        assertInvalidUnicode(v, "\\uD800", "/attributes/x\\uD800y");
    }

    @Test
    void rejectsLoneSurrogateInAJsonColumnsScalarAndArray() {
        assertInvalidUnicode(
                reading(",\"attributes\":\"\\udfff\""),
                "lone low surrogate \\uDFFF",
                "/attributes");
        assertInvalidUnicode(reading(",\"attributes\":[1,\"\\ud800\"]"), "/attributes/1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\\ud800",
                "\\uDBFF",
                "x\\ud800",
                "\\ud800x",
                "\\udc00",
                "\\udc00\\ud800",
                "\\ud800\\ud800",
                "\\ud800\\u0041",
                "\\ud800\\\\udc00",
                "\\ud83d\\ude00\\ude00"
            })
    void rejectsLoneOrReversedSurrogatesInAStringColumn(String value) {
        // Measured: written as \\uD800, which Trino and Athena read back as '?'.
        Validated v = reading(",\"status\":\"" + value + "\"");

        assertInvalidUnicode(v, "surrogate", "/status");
    }

    @Test
    void rejectsLoneSurrogateInAKeyOrValueNoColumnReads() {
        assertInvalidUnicode(reading(",\"extra\":\"\\ud800\""), "/extra");
        assertInvalidUnicode(reading(",\"\\ud800\":1"), "/\\uD800");
        assertInvalidUnicode(reading(",\"extra\":{\"a\":[{\"b\":\"\\udc00\"}]}"), "/extra/a/0/b");
    }

    @Test
    void rejectsLoneSurrogateInAColumnsName() {
        // A top-level key that no column reads: the record is still rejected for it.
        assertInvalidUnicode(validate("{\"reading\\ud800_id\":\"r\"}"), "/reading\\uD800_id");
    }

    @Test
    void rejectsLoneSurrogateInAnIntegerColumnCastFromAString() {
        RecordValidator casting =
                new RecordValidator(SENSORS, ValidationRules.builder().castToSchema(true).build());
        Validated v =
                casting.validate(
                        raw(
                                (HEAD + ",\"battery_mv\":\"\\ud8003\"}")
                                        .getBytes(StandardCharsets.UTF_8)));

        assertInvalidUnicode(v, "/battery_mv");
    }

    @Test
    void anEscapedBackslashIsNotAnEscape() {
        // "\\ud800" is a backslash followed by the text ud800: six ordinary characters.
        assertThat(field(reading(",\"status\":\"\\\\ud800\""), "status")).isEqualTo("\\ud800");
        assertThat(field(reading(",\"attributes\":{\"k\":\"\\\\ud800\"}"), "attributes"))
                .isEqualTo("{\"k\":\"\\\\ud800\"}");
        // ...but an escaped backslash then a real escape is still checked.
        assertInvalidUnicode(reading(",\"status\":\"\\\\\\ud800\""), "/status");
    }

    @Test
    void acceptsSurrogatePairsAsEscapesInEitherCaseAndRaw() {
        assertThat(field(reading(",\"status\":\"\\ud83d\\ude00 \\uD83D\\uDE00 😀\""), "status"))
                .isEqualTo("😀 😀 😀");
        assertThat(
                        field(
                                reading(
                                        ",\"attributes\":{\"😀\\ud83d\\ude00\":\"\\udbff\\udfff\"}"),
                                "attributes"))
                .isEqualTo("{\"😀😀\":\"\udbff\udfff\"}");
    }

    @Test
    void keepsNoncharactersAndEscapedNul() {
        // Valid JSON and valid Unicode scalar values: kept as sent.
        Validated v = reading(",\"status\":\"a\\u0000b\\ufffe\\uFFFF\\u001f\"");

        assertThat(field(v, "status")).isEqualTo("a\u0000b\ufffe\uffff\u001f");
    }

    @Test
    void anEscapeCutShortIsMalformedJsonNotAnException() {
        assertThat(validate("{\"a\":\"\\ud8").errorType()).isEqualTo(ErrorType.MALFORMED_JSON);
        assertThat(validate("{\"a\":\"\\ud800\\u").errorType())
                .isEqualTo(ErrorType.INVALID_UNICODE);
        assertThat(validate("{\"a\":\"\\uzzzz\"}").errorType()).isEqualTo(ErrorType.MALFORMED_JSON);
        assertThat(validate("\\").errorType()).isEqualTo(ErrorType.MALFORMED_JSON);
        // A backslash outside any string is rejected, whichever check sees it first.
        assertThat(validate("{\"a\":1}\\ud800").isOk()).isFalse();
    }

    @Test
    void rejectsLoneSurrogateInAPartitionKeyColumn() {
        TableSchema withKey =
                TableSchema.parse(
                        "{\"table\":\"t\",\"key\":\"id\",\"event_time\":\"ts\","
                                + "\"timestamp_formats\":[\"epoch_millis\"],\"columns\":["
                                + "{\"name\":\"id\",\"type\":\"string\",\"required\":true},"
                                + "{\"name\":\"ts\",\"type\":\"timestamp\",\"required\":true},"
                                + "{\"name\":\"pk\",\"type\":\"string\",\"source\":\"$partition_key\"}]}");
        RecordValidator v = new RecordValidator(withKey, ValidationRules.defaults());
        byte[] payload = ("{\"id\":\"a\",\"ts\":" + ARRIVAL + "}").getBytes(StandardCharsets.UTF_8);

        Validated ok = v.validate(new RawRecord(payload, "s", "shard", "1", "key 😀", ARRIVAL));
        Validated bad =
                v.validate(new RawRecord(payload, "s", "shard", "1", "key \ud800", ARRIVAL));

        assertThat(ok.isOk()).as("%s", ok).isTrue();
        assertInvalidUnicode(bad, "pk ($partition_key)", "lone high surrogate \\uD800");
    }

    @Test
    void anExcerptInAMessageNeverCutsACharacterInHalf() {
        // 39 ASCII characters, then an emoji (two UTF-16 units) across the 40-character cut.
        Validated v = reading(",\"temperature\":\"" + "a".repeat(39) + "😀😀\"");

        assertThat(v.errorType()).isEqualTo(ErrorType.WRONG_TYPE);
        assertThat(v.message()).contains("a".repeat(39) + "😀...");
        assertThat(v.message()).isEqualTo(wellFormed(v.message()));
    }

    // ---------------------------------------------------------------------------------------
    // UTF-8 JSON only

    private static final String SMALL = HEAD + ",\"status\":\"é\"}";

    private static byte[] encoded(String text, String charset) {
        return text.getBytes(Charset.forName(charset));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    private void assertNotUtf8(byte[] payload, String... messageParts) {
        Validated v = validator.validate(raw(payload));
        assertThat(v.isOk()).as("%s", v).isFalse();
        assertThat(v.errorType()).as("%s", v).isEqualTo(ErrorType.INVALID_UTF8);
        assertThat(v.message()).contains(messageParts).contains("the lake takes UTF-8 JSON only");
    }

    @Test
    void rejectsUtf16AndUtf32WithoutAByteOrderMark() {
        // Measured: Jackson's byte-source bootstrapper detected these and accepted them.
        assertNotUtf8(encoded(SMALL, "UTF-16LE"), "NUL byte at 1", "UTF-16LE");
        assertNotUtf8(encoded(SMALL, "UTF-16BE"), "NUL byte at 0", "UTF-16BE");
        assertNotUtf8(encoded(SMALL, "UTF-32LE"), "NUL byte at 1", "UTF-32LE");
        assertNotUtf8(encoded(SMALL, "UTF-32BE"), "NUL byte at 0", "UTF-32BE");
        assertNotUtf8(encoded(" " + SMALL, "UTF-16LE"), "UTF-16LE");
    }

    @Test
    void rejectsUtf16AndUtf32WithAByteOrderMark() {
        assertNotUtf8(
                concat(bytes(0xFF, 0xFE), encoded(SMALL, "UTF-16LE")), "UTF-16LE byte-order mark");
        assertNotUtf8(
                concat(bytes(0xFE, 0xFF), encoded(SMALL, "UTF-16BE")), "UTF-16BE byte-order mark");
        assertNotUtf8(
                concat(bytes(0xFF, 0xFE, 0, 0), encoded(SMALL, "UTF-32LE")),
                "UTF-32LE byte-order mark");
        assertNotUtf8(
                concat(bytes(0, 0, 0xFE, 0xFF), encoded(SMALL, "UTF-32BE")),
                "UTF-32BE byte-order mark");
    }

    @Test
    void rejectsNulBytesBeforeTheJsonParserCouldGuessAnEncoding() {
        // Whatever follows, a NUL among the first four bytes is never UTF-8 JSON text.
        for (byte[] b :
                new byte[][] {
                    bytes(0), bytes('{', 0), bytes(0, 0, 0, '{'), bytes(' ', ' ', 0, '{', '}')
                }) {
            assertNotUtf8(b, "NUL byte at");
        }
        // Later, a raw NUL is a JSON syntax error (control characters must be escaped).
        assertThat(validate(HEAD + ",\"status\":\"a\u0000b\"}").errorType())
                .isEqualTo(ErrorType.MALFORMED_JSON);
    }

    @Test
    void acceptsAUtf8ByteOrderMarkAndIgnoresIt() {
        // RFC 8259 section 8.1: a parser MAY ignore it. Offsets into the payload still line up.
        String text = HEAD + ",\"attributes\":{\"a\":[1,2]},\"status\":\"é\"}";
        Validated plain = validate(text);
        Validated withBom =
                validator.validate(
                        raw(
                                concat(
                                        bytes(0xEF, 0xBB, 0xBF),
                                        text.getBytes(StandardCharsets.UTF_8))));

        assertThat(withBom.isOk()).as("%s", withBom).isTrue();
        assertThat(withBom.row()).isEqualTo(plain.row());
        assertThat(field(withBom, "attributes")).isEqualTo("{\"a\":[1,2]}");
    }

    @Test
    void aUtf8ByteOrderMarkElsewhereIsNotIgnored() {
        Validated v =
                validator.validate(
                        raw(
                                concat(
                                        bytes(' ', 0xEF, 0xBB, 0xBF),
                                        SMALL.getBytes(StandardCharsets.UTF_8))));

        assertThat(v.errorType()).isEqualTo(ErrorType.MALFORMED_JSON);
    }

    @Test
    void jacksonReadsEveryPayloadThatPassesTheCheckAsUtf8() throws Exception {
        // Jackson guesses the encoding from the first four bytes only: try every prefix over the
        // bytes its guess looks at (NUL, BOM bytes) and some others, in every length up to four.
        int[] alphabet = {
            0x00, 0x20, '{', '"', '<', 0xEF, 0xBB, 0xBF, 0xFE, 0xFF, 0x80, 0xC3, 0xA9
        };
        JsonFactory jackson = new JsonFactory();
        int passed = 0;
        int m = alphabet.length;
        for (int length = 1; length <= 4; length++) {
            int combinations = (int) Math.pow(m, length);
            for (int k = 0; k < combinations; k++) {
                byte[] prefix = new byte[length];
                for (int j = 0, r = k; j < length; j++, r /= m) prefix[j] = (byte) alphabet[r % m];
                byte[] payload = concat(prefix, "1}".getBytes(StandardCharsets.UTF_8));
                if (Utf8.check(payload) != null) continue;
                passed++;
                try (JsonParser p = jackson.createParser(payload)) {
                    assertThat(p)
                            .as("prefix %s", java.util.Arrays.toString(prefix))
                            .isInstanceOf(UTF8StreamJsonParser.class);
                }
            }
        }
        assertThat(passed).as("prefixes that pass the check").isGreaterThan(500);
    }

    // ---------------------------------------------------------------------------------------
    // what an accepted row holds can always be written as UTF-8

    @Test
    void everyStringOfAnAcceptedRowEncodesAsUtf8() throws Exception {
        Validated v =
                reading(
                        ",\"status\":\"\\ud83d\\ude00\\u0000\\uffff\",\"attributes\":{\"\\ud83d\\ude00\":\"\\\\ud800\"}");
        Row row = v.row();
        assertThat(v.isOk()).as("%s", v).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (int i = 0; i < row.getArity(); i++) {
                Object f = row.getField(i);
                if (f instanceof String) g.writeString((String) f);
            }
            g.writeEndArray();
        }
        assertThat(out.size()).isPositive();
    }
}
