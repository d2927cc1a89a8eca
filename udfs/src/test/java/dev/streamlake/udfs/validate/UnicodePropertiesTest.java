package dev.streamlake.udfs.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.ColumnType;
import dev.streamlake.udfs.schema.TableSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.apache.flink.types.Row;

/**
 * Random records full of Unicode edges (escaped surrogates, lone, paired and reversed; astral
 * characters raw and as escaped pairs; noncharacters; control escapes; escaped backslashes before
 * {@code u}) anywhere: in columns, keys, the {@code json} column and fields no column reads.
 *
 * <p>The oracle is Jackson's tree model (which decodes every string, lone surrogates included) and
 * {@link String#codePoints}, not the validator's own scan: a record must be {@code INVALID_UNICODE}
 * exactly when some decoded name or string holds a lone surrogate, and an accepted row holds only
 * well-formed strings, equal to what the record sent.
 */
class UnicodePropertiesTest {
    private static final TableSchema SCHEMA =
            TableSchema.load(Path.of("../conf/schemas/sensor-readings.json"));
    private static final long NOW = Instant.parse("2026-11-27T10:15:31Z").toEpochMilli();
    private static final ObjectMapper TREES = new ObjectMapper();

    private final RecordValidator validator =
            new RecordValidator(
                    SCHEMA, ValidationRules.builder().maxRecordBytes(64 * 1024).build(), () -> NOW);

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void acceptedRowsHoldOnlyWellFormedUnicodeAndRejectedOnesOneErrorType(
            @ForAll("records") String text) throws Exception {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        JsonNode sent = TREES.readTree(payload);
        boolean loneSurrogateSent = holdsLoneSurrogate(sent);

        Validated v = validator.validate(new RawRecord(payload, "s", "shard", "1", "k", NOW));

        Statistics.collect(v.isOk() ? "accepted" : v.errorType().name());
        // Both outcomes that matter are common, so the property says something about each.
        Statistics.coverage(
                checker -> {
                    checker.check("accepted").percentage(p -> p > 10);
                    checker.check("INVALID_UNICODE").percentage(p -> p > 10);
                });
        assertThat(v.isOk()).as("%s", v).isEqualTo(v.errorType() == null);
        assertThat(v.errorType() == ErrorType.INVALID_UNICODE)
                .as("%s for %s", v, text)
                .isEqualTo(loneSurrogateSent);
        if (!v.isOk()) {
            assertThat(v.message()).isNotBlank();
            assertThat(wellFormed(v.message())).as("message %s", v.message()).isTrue();
            return;
        }
        Row row = v.row();
        for (int i = 0; i < row.getArity(); i++) {
            Object f = row.getField(i);
            if (f instanceof String)
                assertThat(wellFormed((String) f)).as("column %d: %s", i, f).isTrue();
        }
        // Round trip: each string column holds the decoded value, the json column the same tree.
        for (Column c : SCHEMA.columns()) {
            JsonNode in = c.isMetadata() ? null : sent.get(c.source());
            if (in == null || in.isNull()) continue;
            Object out = row.getField(SCHEMA.indexOf(c.name()));
            if (c.type() == ColumnType.STRING) assertThat(out).isEqualTo(in.textValue());
            if (c.type() == ColumnType.JSON) assertThat(TREES.readTree((String) out)).isEqualTo(in);
        }
    }

    private static boolean wellFormed(String s) {
        return s.codePoints()
                .noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
    }

    private static boolean holdsLoneSurrogate(JsonNode n) {
        if (n.isTextual()) return !wellFormed(n.textValue());
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!wellFormed(e.getKey()) || holdsLoneSurrogate(e.getValue())) return true;
        }
        if (n.isArray()) for (JsonNode e : n) if (holdsLoneSurrogate(e)) return true;
        return false;
    }

    // ---------------------------------------------------------------------------------------
    // generators

    /** One piece of a JSON string's content, as it appears between the quotes. */
    private static Arbitrary<String> piece() {
        Arbitrary<Integer> unit =
                Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.integers().between(0, 0xFFFF)),
                        Tuple.of(3, Arbitraries.integers().between(0xD800, 0xDFFF)),
                        Tuple.of(
                                2,
                                Arbitraries.of(
                                        0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFE, 0xFFFF, 0xFEFF, 0,
                                        0x1F, 0x7F, 0x5C)));
        Arbitrary<Boolean> upper = Arbitraries.of(true, false);
        Arbitrary<String> unitEscape =
                Combinators.combine(unit, upper).as(UnicodePropertiesTest::escape);
        Arbitrary<String> pairEscape =
                Combinators.combine(Arbitraries.integers().between(0x10000, 0x10FFFF), upper)
                        .as(
                                (cp, up) ->
                                        escape((int) Character.highSurrogate(cp), up)
                                                + escape((int) Character.lowSurrogate(cp), up));
        Arbitrary<String> reversedPair =
                Arbitraries.integers()
                        .between(0x10000, 0x10FFFF)
                        .map(
                                cp ->
                                        escape((int) Character.lowSurrogate(cp), false)
                                                + escape((int) Character.highSurrogate(cp), false));
        return Arbitraries.frequencyOf(
                Tuple.of(
                        6,
                        Arbitraries.chars()
                                .range(' ', '~')
                                .filter(c -> c != '"' && c != '\\')
                                .map(String::valueOf)),
                Tuple.of(
                        2,
                        Arbitraries.chars()
                                .range('\u00a0', '\uffff')
                                .filter(c -> !Character.isSurrogate(c))
                                .map(String::valueOf)),
                Tuple.of(
                        2,
                        Arbitraries.integers()
                                .between(0x10000, 0x10FFFF)
                                .map(cp -> new String(Character.toChars(cp)))),
                Tuple.of(3, unitEscape),
                Tuple.of(2, pairEscape),
                Tuple.of(1, reversedPair),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "\\n",
                                "\\t",
                                "\\\"",
                                "\\\\",
                                "\\/",
                                "\\b",
                                "\\f",
                                "\\r",
                                "\\\\ud800",
                                "\\\\\\ud800",
                                "\\\\\\\\udc00")));
    }

    private static String escape(int unit, boolean upper) {
        return String.format(Locale.ROOT, upper ? "\\u%04X" : "\\u%04x", unit);
    }

    private static Arbitrary<String> string() {
        return piece().list().ofMaxSize(6).map(p -> "\"" + String.join("", p) + "\"");
    }

    /** JSON values nested up to 3 deep, built once: generators made per try are slow. */
    private static final List<Arbitrary<String>> VALUES = new ArrayList<>();

    static {
        Arbitrary<String> scalar =
                Arbitraries.oneOf(
                        string(),
                        string(),
                        Arbitraries.of(
                                "1",
                                "-0.0",
                                "1e400",
                                "-1.8e308",
                                "123456789012345678901234567890",
                                "true",
                                "null"));
        VALUES.add(scalar);
        for (int depth = 1; depth <= 3; depth++) {
            Arbitrary<String> inner = VALUES.get(depth - 1);
            VALUES.add(
                    Arbitraries.frequencyOf(
                            Tuple.of(4, scalar),
                            Tuple.of(1, object(inner)),
                            Tuple.of(
                                    1,
                                    inner.list()
                                            .ofMaxSize(3)
                                            .map(v -> "[" + String.join(",", v) + "]"))));
        }
    }

    /**
     * Objects of up to three fields; keys get their index in front, so no object repeats a name
     * (the tree would keep only one of them).
     */
    private static Arbitrary<String> object(Arbitrary<String> value) {
        return Combinators.combine(
                        string().list().ofSize(3),
                        value.list().ofSize(3),
                        Arbitraries.integers().between(0, 3))
                .as(
                        (keys, values, n) -> {
                            List<String> fields = new ArrayList<>();
                            for (int i = 0; i < n; i++)
                                fields.add(
                                        "\"k" + i + keys.get(i).substring(1) + ":" + values.get(i));
                            return "{" + String.join(",", fields) + "}";
                        });
    }

    /**
     * A reading: required fields mostly present, string columns, the json column and extra fields.
     */
    @Provide
    Arbitrary<String> records() {
        Arbitrary<String> maybeString =
                Arbitraries.frequencyOf(Tuple.of(3, string()), Tuple.of(1, Arbitraries.just("")));
        Arbitrary<String> maybeValue =
                Arbitraries.frequencyOf(
                        Tuple.of(3, VALUES.get(3)), Tuple.of(1, Arbitraries.just("")));
        Arbitrary<String> rarelyAString = string().injectNull(0.7); // null: no such field
        return Combinators.combine(
                        string(),
                        maybeString,
                        maybeString,
                        maybeValue,
                        object(VALUES.get(2)),
                        string(),
                        rarelyAString)
                .as(
                        (device, status, email, attributes, extra, extraKey, temperature) -> {
                            StringBuilder b =
                                    new StringBuilder("{\"reading_id\":\"r-1\",\"device_id\":")
                                            .append(device)
                                            .append(",\"ts\":\"")
                                            .append(Instant.ofEpochMilli(NOW - 1000))
                                            .append('"');
                            if (!status.isEmpty()) b.append(",\"status\":").append(status);
                            if (!email.isEmpty()) b.append(",\"owner_email\":").append(email);
                            if (!attributes.isEmpty())
                                b.append(",\"attributes\":").append(attributes);
                            // WRONG_TYPE: its message quotes the string, cut to 40 characters.
                            if (temperature != null)
                                b.append(",\"temperature\":").append(temperature);
                            b.append(",\"x")
                                    .append(extraKey.substring(1))
                                    .append(':')
                                    .append(extra);
                            return b.append('}').toString();
                        });
    }
}
