package dev.streamlake.udfs.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever arrives, the validator gives exactly one outcome and never throws: a row, or an error
 * type with a message whose failed record keeps the payload's bytes.
 */
class RecordValidatorPropertiesTest {
    private static final TableSchema SCHEMA =
            TableSchema.load(Path.of("../conf/schemas/sensor-readings.json"));
    private static final long NOW = 1_795_780_000_000L;

    private final RecordValidator validator =
            new RecordValidator(
                    SCHEMA, ValidationRules.builder().maxRecordBytes(4096).build(), () -> NOW);

    @Property(tries = 3000)
    void anyBytesGiveExactlyOneOutcome(@ForAll @Size(max = 5000) byte[] payload) {
        assertOneOutcome(payload);
    }

    @Property(tries = 3000)
    void anyJsonLikeTextGivesExactlyOneOutcome(@ForAll("jsonish") String text) {
        assertOneOutcome(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void recordsWithRandomValuesGiveExactlyOneOutcome(@ForAll("readings") String text) {
        assertOneOutcome(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Shared across tries: it learns each record's field order to predict the next one's. */
    private static final RecordValidator LEARNING =
            new RecordValidator(
                    SCHEMA, ValidationRules.builder().maxRecordBytes(4096).build(), () -> NOW);

    @Property(tries = 3000)
    void whatTheValidatorLearnedFromEarlierRecordsNeverChangesAnOutcome(
            @ForAll("readings") String text) {
        RawRecord raw =
                new RawRecord(text.getBytes(StandardCharsets.UTF_8), "s", "shard", "1", "k", NOW);
        RecordValidator fresh =
                new RecordValidator(
                        SCHEMA, ValidationRules.builder().maxRecordBytes(4096).build(), () -> NOW);

        Validated learned = LEARNING.validate(raw);
        Validated expected = fresh.validate(raw);
        assertThat(learned.errorType()).isEqualTo(expected.errorType());
        assertThat(learned.message()).isEqualTo(expected.message());
        if (expected.isOk()) assertThat(learned.row()).isEqualTo(expected.row());
    }

    private void assertOneOutcome(byte[] payload) {
        Validated v = validator.validate(new RawRecord(payload, "s", "shard", "1", "k", NOW));
        assertThat(v.isOk()).isEqualTo(v.errorType() == null);
        if (v.isOk()) {
            assertThat(v.row().getArity()).isEqualTo(SCHEMA.size());
        } else {
            assertThat(v.message()).isNotBlank();
            assertThat(Utf8.firstLoneSurrogate(v.message()))
                    .as("message %s", v.message())
                    .isEqualTo(-1);
            FailedRecord failed =
                    FailedRecord.of(
                            new RawRecord(payload, "s", "shard", "1", "k", NOW),
                            v.errorType(),
                            v.message());
            assertThat(Arrays.equals(failed.payloadBytes(), payload))
                    .as("payload kept byte for byte")
                    .isTrue();
        }
    }

    /** Text built from JSON's own tokens, so most of it is almost-JSON. */
    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.of(
                        "{",
                        "}",
                        "[",
                        "]",
                        ",",
                        ":",
                        "\"device_id\"",
                        "\"ts\"",
                        "\"reading_id\"",
                        "\"temperature\"",
                        "\"x\"",
                        "1",
                        "-0.5e3",
                        "true",
                        "null",
                        "\"2026-11-27T10:00:00Z\"",
                        " ",
                        "\\u0000",
                        "\"\\ud83d\"",
                        "NaN",
                        "1e999",
                        "\u00e9")
                .list()
                .ofMaxSize(40)
                .map(parts -> String.join("", parts));
    }

    /** Readings whose fields get values of random kinds. */
    @Provide
    Arbitrary<String> readings() {
        Arbitrary<String> value =
                Arbitraries.oneOf(
                        Arbitraries.strings()
                                .ofMaxLength(12)
                                .map(
                                        s ->
                                                "\""
                                                        + s.replace("\\", "\\\\")
                                                                .replace("\"", "\\\"")
                                                        + "\""),
                        Arbitraries.longs().map(String::valueOf),
                        Arbitraries.doubles()
                                .map(d -> Double.isFinite(d) ? String.valueOf(d) : "0"),
                        Arbitraries.of(
                                "true",
                                "false",
                                "null",
                                "{}",
                                "[]",
                                "{\"a\":[1,{\"b\":null}]}",
                                "\"" + java.time.Instant.ofEpochMilli(NOW) + "\"",
                                String.valueOf(NOW),
                                String.valueOf(NOW / 1000)));
        return Arbitraries.of(
                        "reading_id",
                        "device_id",
                        "ts",
                        "temperature",
                        "humidity",
                        "battery_mv",
                        "seq",
                        "status",
                        "online",
                        "attributes",
                        "other")
                .list()
                .ofMaxSize(11)
                .flatMap(
                        fields ->
                                value.list()
                                        .ofSize(fields.size())
                                        .map(
                                                values -> {
                                                    StringBuilder b = new StringBuilder("{");
                                                    for (int i = 0; i < fields.size(); i++) {
                                                        if (i > 0) b.append(',');
                                                        b.append('"')
                                                                .append(fields.get(i))
                                                                .append("\":")
                                                                .append(values.get(i));
                                                    }
                                                    return b.append('}').toString();
                                                }));
    }
}
