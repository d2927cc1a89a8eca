package dev.streamlake.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.job.config.LakeOptions.ParquetCompression;
import dev.streamlake.job.config.TableFiles;
import dev.streamlake.udfs.lake.FailedRecordEncoder;
import dev.streamlake.udfs.lake.Utf16;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.ColumnType;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.schema.Timestamps;
import dev.streamlake.udfs.validate.RecordValidator;
import dev.streamlake.udfs.validate.Validated;
import dev.streamlake.udfs.validate.ValidationRules;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.Row;

/**
 * Totality of everything after the validator: random records the validator accepts (generated as
 * JSON payloads and run through the real {@link RecordValidator}, with every Unicode edge: astral
 * characters raw and as escaped pairs, lone and reversed surrogate escapes, noncharacters, control
 * escapes, long strings, extreme numbers, nested json columns; every one of them is written), rows
 * a user's transform might make (wrong types, NaN, unpaired surrogates), and random error rows,
 * through both formats' encoders and writers. Every row either reads back exactly (the JSON line
 * parsed again, the Parquet file read back through {@link ParquetTables}' reader) or is an {@link
 * EncodingException} naming a column; error rows always encode. Nothing throws anything else.
 */
class LakeEncodersPropertiesTest {
    private static final TableSchema SCHEMA =
            TableSchema.load(Path.of("../conf/schemas/sensor-readings.json"));
    private static final long NOW = 1_795_780_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LakeColumns<Row> COLUMNS = LakeColumns.rows(SCHEMA);

    private final RecordValidator validator =
            new RecordValidator(
                    SCHEMA, ValidationRules.builder().maxRecordBytes(64 * 1024).build(), () -> NOW);
    private final TableEncoder<Row> json = LakeSinks.rowEncoder(SCHEMA, TableFiles.jsonGzip(1));
    private final TableEncoder<Row> parquet =
            LakeSinks.rowEncoder(SCHEMA, TableFiles.parquet(ParquetCompression.SNAPPY));

    @Property(tries = 100, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void acceptedRecordsRoundTripThroughBothFormatsOrFailAsAnErrorRow(
            @ForAll @Size(min = 1, max = 20) List<@net.jqwik.api.From("readings") String> payloads)
            throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String payload : payloads) {
            Validated v =
                    validator.validate(
                            new RawRecord(
                                    payload.getBytes(StandardCharsets.UTF_8),
                                    "s",
                                    "shardId-0",
                                    "1",
                                    "k",
                                    NOW));
            Statistics.label("validator").collect(v.isOk() ? "accepted" : v.errorType().name());
            if (v.isOk()) rows.add(v.row());
        }
        // The validator's Unicode policy and the encoders' checks agree: what it accepts, both
        // formats write.
        assertThat(roundTrip(rows)).as("accepted rows the encoders refused").isZero();
        Statistics.label("validator").coverage(c -> c.check("accepted").percentage(p -> p > 5));
    }

    @Property(tries = 100, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void rowsAUserTransformMightMakeRoundTripOrFailAsAnErrorRow(
            @ForAll @Size(min = 1, max = 20) List<@net.jqwik.api.From("transformedRows") Row> rows)
            throws Exception {
        roundTrip(rows);
        Statistics.label("encoder")
                .coverage(
                        c -> {
                            c.check("written").percentage(p -> p > 10);
                            c.check("ENCODING_FAILED").percentage(p -> p > 10);
                        });
    }

    @Property(tries = 80)
    void errorRowsAlwaysEncodeInBothFormats(
            @ForAll @Size(min = 1, max = 20)
                    List<@net.jqwik.api.From("failedRecords") FailedRecord> records)
            throws Exception {
        List<EncodedRecord> values = new ArrayList<>();
        for (FailedRecord f : records) {
            List<Object> original = fieldValues(f);
            boolean replaced = FailedRecordEncoder.replaceUnwritable(f);
            assertThat(replaced).isEqualTo(!original.equals(fieldValues(f)));
            Statistics.label("error rows")
                    .collect(replaced ? "text or time replaced" : "as they were");
            EncodedRecord line = LakeSinks.errorEncoder(TableFiles.jsonGzip(1)).encode(f);
            JsonNode back = JSON.readTree(strictUtf8(line.line()));
            assertThat(
                            back.get("error_message").isNull()
                                    ? null
                                    : back.get("error_message").asText())
                    .isEqualTo(f.errorMessage);
            assertThat(back.has("partition_key") ? back.get("partition_key").asText() : null)
                    .isEqualTo(f.partitionKey);
            assertThat(Timestamps.parseIso(back.get("arrival_time").asText()))
                    .isEqualTo(f.arrivalTime);
            values.add(
                    LakeSinks.errorEncoder(TableFiles.parquet(ParquetCompression.SNAPPY))
                            .encode(f));
        }
        List<EncodedRecord> read = writeAndReadParquet("errors", LakeColumns.errors(), values);
        for (int i = 0; i < records.size(); i++) {
            FailedRecord f = records.get(i);
            assertThat(text(read.get(i).values()[1])).isEqualTo(f.errorMessage);
            assertThat(text(read.get(i).values()[2])).isEqualTo(f.payload);
            assertThat(text(read.get(i).values()[7])).isEqualTo(f.partitionKey);
            assertThat(read.get(i).values()[8]).isEqualTo(f.arrivalTime);
        }
    }

    // ---------------------------------------------------------------------------------------

    /** Returns how many rows were refused (as ENCODING_FAILED); the others read back exactly. */
    private int roundTrip(List<Row> rows) throws Exception {
        List<EncodedRecord> lines = new ArrayList<>();
        List<EncodedRecord> values = new ArrayList<>();
        List<Row> written = new ArrayList<>();
        for (Row row : rows) {
            EncodedRecord line;
            EncodedRecord value;
            try {
                line = json.encode(row);
            } catch (EncodingException e) {
                assertThat(e.getMessage()).isNotBlank();
                // The same checks for both formats: a record lands in the same table either way.
                assertFailsToo(row, e);
                Statistics.label("encoder").collect("ENCODING_FAILED");
                continue;
            }
            value = parquet.encode(row);
            Statistics.label("encoder").collect("written");
            lines.add(line);
            values.add(value);
            written.add(row);
        }
        for (int r = 0; r < written.size(); r++) {
            assertJsonLineIs(lines.get(r).line(), written.get(r));
            assertThat(reserialized(lines.get(r))).isEqualTo(lines.get(r));
            assertThat(reserialized(values.get(r))).isEqualTo(values.get(r));
        }
        assertGzipLinesAre(lines);
        List<EncodedRecord> back = writeAndReadParquet("events", COLUMNS, values);
        assertThat(back).hasSize(written.size());
        for (int r = 0; r < written.size(); r++)
            assertParquetValuesAre(back.get(r).values(), written.get(r));
        return rows.size() - written.size();
    }

    private void assertFailsToo(Row row, EncodingException fromJson) {
        try {
            parquet.encode(row);
            throw new AssertionError(
                    "JSON refused the row ("
                            + fromJson.getMessage()
                            + "), Parquet took it: "
                            + row);
        } catch (EncodingException e) {
            assertThat(e.getMessage()).isEqualTo(fromJson.getMessage());
        }
    }

    private static void assertJsonLineIs(byte[] line, Row row) throws IOException {
        String text = strictUtf8(line);
        assertThat(text).doesNotContain("\n").doesNotContain("\r");
        JsonNode node = JSON.readTree(text);
        for (int i = 0; i < SCHEMA.size(); i++) {
            String name = SCHEMA.column(i).name();
            Object v = row.getField(i);
            JsonNode n = node.get(name);
            if (v == null) {
                assertThat(n).as(name).isNull();
                continue;
            }
            assertThat(n).as(name).isNotNull();
            switch (SCHEMA.column(i).type()) {
                case STRING:
                    assertThat(n.textValue()).as(name).isEqualTo(v);
                    assertThat(Utf16.firstLoneSurrogate(n.textValue()))
                            .as("what an engine reads")
                            .isNegative();
                    break;
                case DOUBLE:
                    assertThat(n.isNumber()).as(name + " is a number").isTrue();
                    assertThat(Double.parseDouble(n.asText())).as(name).isEqualTo(v);
                    break;
                case BIGINT:
                    assertThat(n.longValue()).as(name).isEqualTo(v);
                    break;
                case INT:
                    assertThat(n.intValue()).as(name).isEqualTo(v);
                    break;
                case BOOLEAN:
                    assertThat(n.booleanValue()).as(name).isEqualTo(v);
                    break;
                case TIMESTAMP:
                    assertThat(Timestamps.parseIso(n.textValue())).as(name).isEqualTo(v);
                    break;
                case JSON:
                    assertThat(n).as(name).isEqualTo(JSON.readTree((String) v));
                    break;
            }
        }
    }

    private static void assertParquetValuesAre(Object[] values, Row row) {
        for (int i = 0; i < SCHEMA.size(); i++) {
            Object v = row.getField(i);
            ColumnType type = SCHEMA.column(i).type();
            Object back = values[i];
            if (type == ColumnType.STRING || type == ColumnType.JSON) back = text(back);
            assertThat(back).as(SCHEMA.column(i).name()).isEqualTo(v);
        }
    }

    private static String text(Object bytes) {
        if (bytes == null) return null;
        try {
            return strictUtf8((byte[]) bytes);
        } catch (CharacterCodingException e) {
            throw new AssertionError("not UTF-8", e);
        }
    }

    private static String strictUtf8(byte[] b) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(b))
                .toString();
    }

    private static EncodedRecord reserialized(EncodedRecord r) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        EncodedRecordSerializer.INSTANCE.serialize(r, out);
        EncodedRecord back =
                EncodedRecordSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.partitionTime()).isEqualTo(r.partitionTime());
        return back;
    }

    private static void assertGzipLinesAre(List<EncodedRecord> lines) throws IOException {
        Path dir = Files.createTempDirectory("lines");
        try {
            Path file =
                    PartFiles.write(
                            dir.resolve("part.json.gz"), new GzipJsonLinesWriter.Factory(1), lines);
            if (lines.isEmpty()) {
                assertThat(Files.size(file)).isZero();
                return;
            }
            byte[] all;
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
                all = in.readAllBytes();
            }
            java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            for (EncodedRecord r : lines) {
                expected.write(r.line());
                expected.write('\n');
            }
            assertThat(all).isEqualTo(expected.toByteArray());
        } finally {
            deleteAll(dir);
        }
    }

    private static List<EncodedRecord> writeAndReadParquet(
            String table, LakeColumns<?> columns, List<EncodedRecord> values) throws Exception {
        Path dir = Files.createTempDirectory("parquet");
        try {
            Path file =
                    PartFiles.write(
                            dir.resolve("part.parquet"),
                            ParquetTables.writerFactory(table, columns, ParquetCompression.SNAPPY),
                            values);
            List<EncodedRecord> out = new ArrayList<>();
            try (RecordWiseFileCompactor.Reader<EncodedRecord> reader =
                    ParquetTables.readerFactory(table, columns)
                            .createFor(new org.apache.flink.core.fs.Path(file.toUri()))) {
                for (EncodedRecord r = reader.read(); r != null; r = reader.read()) out.add(r);
            }
            return out;
        } finally {
            deleteAll(dir);
        }
    }

    private static void deleteAll(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The values of the record's instance fields, every column of its error row: what the record
     * holds, to compare before and after a change in place.
     */
    private static List<Object> fieldValues(FailedRecord f) throws IllegalAccessException {
        List<Object> values = new ArrayList<>();
        for (Field field : FailedRecord.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) values.add(field.get(f));
        }
        return values;
    }

    // --- generators ----------------------------------------------------------------------------

    /**
     * Text with the Unicode edges, as Java chars: astral, lone and reversed surrogates,
     * noncharacters.
     */
    static Arbitrary<String> hostileText() {
        Arbitrary<String> piece =
                Arbitraries.oneOf(
                        Arbitraries.strings().ofMaxLength(8),
                        Arbitraries.strings().all().ofMaxLength(4),
                        Arbitraries.of(
                                "😀",
                                "\uD83D",
                                "\uDE00",
                                "\uDE00\uD83D",
                                "\uFFFF",
                                "\uFDD0",
                                "\uFFFE",
                                "\u0000",
                                "\u001f",
                                "\u2028",
                                "é",
                                "\n",
                                "\"",
                                "\\",
                                "\uDBFF\uDFFF",
                                "𐀀"));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, piece.list().ofMaxSize(12).map(p -> String.join("", p))),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withChars('a', 'z')
                                .ofMinLength(1000)
                                .ofMaxLength(8_000)));
    }

    /**
     * A JSON string literal for {@code s}; chars escaped at random, surrogates as {@code \\uXXXX}.
     */
    static Arbitrary<String> jsonStringOf(String s) {
        return Arbitraries.randoms()
                .map(
                        random -> {
                            StringBuilder b = new StringBuilder("\"");
                            for (int i = 0; i < s.length(); i++) {
                                char c = s.charAt(i);
                                if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)
                                        ? true
                                        : random.nextInt(8) == 0) {
                                    if (Character.isSurrogate(c)
                                            && random.nextBoolean()
                                            && !(Character.isHighSurrogate(c)
                                                    && i + 1 < s.length()
                                                    && Character.isLowSurrogate(s.charAt(i + 1)))) {
                                        b.append(
                                                String.format(
                                                        "\\u%04x",
                                                        (int) c)); // an unpaired one: only as an
                                        // escape in UTF-8
                                    } else if (Character.isSurrogate(c) && !random.nextBoolean()) {
                                        b.append(String.format("\\u%04X", (int) c));
                                    } else if (Character.isSurrogate(c)) {
                                        b.append(
                                                c); // raw: only a valid pair survives UTF-8 (a lone
                                        // one becomes '?')
                                    } else {
                                        b.append(String.format("\\u%04x", (int) c));
                                    }
                                } else {
                                    b.append(c);
                                }
                            }
                            return b.append('"').toString();
                        });
    }

    static Arbitrary<String> jsonString() {
        return hostileText().flatMap(LakeEncodersPropertiesTest::jsonStringOf);
    }

    static Arbitrary<String> number() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "0",
                        "-0",
                        "-0.0",
                        "1.7976931348623157e308",
                        "-1.7976931348623157E308",
                        "4.9e-324",
                        "2.2250738585072014E-308",
                        "1e400",
                        "-1e-400",
                        "9223372036854775807",
                        "-9223372036854775808",
                        "9223372036854775808",
                        "2147483647",
                        "-2147483648",
                        "12.50",
                        "1E2",
                        "0.1",
                        "123456789012345678901234567890"),
                Arbitraries.doubles()
                        .map(String::valueOf)
                        .filter(s -> !s.contains("N") && !s.contains("I")),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.integers().map(String::valueOf));
    }

    static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> scalar =
                Arbitraries.oneOf(jsonString(), number(), Arbitraries.of("true", "false", "null"));
        if (depth == 0) return scalar;
        Arbitrary<String> array =
                jsonValue(depth - 1).list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object =
                Combinators.combine(
                                jsonString().list().ofMaxSize(3).uniqueElements(),
                                jsonValue(depth - 1).list().ofSize(3))
                        .as(
                                (keys, values) -> {
                                    StringBuilder b = new StringBuilder("{");
                                    for (int i = 0; i < keys.size(); i++) {
                                        if (i > 0) b.append(',');
                                        b.append(keys.get(i)).append(':').append(values.get(i));
                                    }
                                    return b.append('}').toString();
                                });
        return Arbitraries.oneOf(scalar, array, object);
    }

    /** Readings whose fields get hostile values of every kind; most are accepted. */
    @Provide
    Arbitrary<String> readings() {
        Arbitrary<String> ts =
                Arbitraries.of(
                        "\"2026-11-27T10:15:30Z\"",
                        String.valueOf(NOW),
                        String.valueOf(NOW / 1000),
                        "\"" + java.time.Instant.ofEpochMilli(NOW - 86_400_000L * 300) + "\"",
                        "\"2026-11-27 10:15:30.123+01:00\"");
        Arbitrary<String> anyValue =
                Arbitraries.oneOf(
                        jsonString(),
                        number(),
                        Arbitraries.of("true", "false", "null"),
                        jsonValue(2));
        Arbitrary<String> doubles =
                Arbitraries.oneOf(
                        Arbitraries.of(
                                "1.7976931348623157e308",
                                "-1.7976931348623157E308",
                                "4.9e-324",
                                "-0.0",
                                "12.50",
                                "1E2"),
                        Arbitraries.doubles().map(String::valueOf));
        Arbitrary<String> ints =
                Arbitraries.oneOf(
                        Arbitraries.integers().map(String::valueOf),
                        Arbitraries.of("2147483647", "-2147483648", "1.0e3"));
        Arbitrary<String> longs =
                Arbitraries.oneOf(
                        Arbitraries.longs().map(String::valueOf),
                        Arbitraries.of("9223372036854775807", "-9223372036854775808"));
        return Combinators.combine(
                        jsonString(),
                        jsonString(),
                        ts,
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(9, doubles),
                                net.jqwik.api.Tuple.of(1, anyValue)),
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(9, ints),
                                net.jqwik.api.Tuple.of(1, anyValue)),
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(9, longs),
                                net.jqwik.api.Tuple.of(1, anyValue)),
                        Arbitraries.oneOf(jsonString(), Arbitraries.of("null")),
                        jsonValue(3))
                .as(
                        (id, device, t, temperature, battery, seq, owner, attributes) ->
                                "{\"reading_id\":"
                                        + id
                                        + ",\"device_id\":"
                                        + device
                                        + ",\"ts\":"
                                        + t
                                        + ",\"temperature\":"
                                        + temperature
                                        + ",\"battery_mv\":"
                                        + battery
                                        + ",\"seq\":"
                                        + seq
                                        + ",\"owner_email\":"
                                        + owner
                                        + ",\"attributes\":"
                                        + attributes
                                        + "}");
    }

    /**
     * Rows as a user's transform may leave them: a valid row with up to three columns changed to
     * anything.
     */
    @Provide
    Arbitrary<Row> transformedRows() {
        Arbitrary<Object> value =
                Arbitraries.oneOf(
                        hostileText().map(s -> (Object) s),
                        Arbitraries.doubles().map(d -> (Object) d),
                        Arbitraries.of(
                                        Double.NaN,
                                        Double.POSITIVE_INFINITY,
                                        Double.NEGATIVE_INFINITY,
                                        -0.0,
                                        Double.MAX_VALUE)
                                .map(d -> (Object) d),
                        Arbitraries.longs().map(l -> (Object) l),
                        Arbitraries.of(
                                        Long.MIN_VALUE,
                                        Long.MAX_VALUE,
                                        -62167219200001L,
                                        253402300800000L)
                                .map(l -> (Object) l),
                        Arbitraries.integers().map(i -> (Object) i),
                        Arbitraries.of(true, false).map(b -> (Object) b),
                        Arbitraries.of(
                                        "{\"a\":1}",
                                        "{\"a\":",
                                        "[1,2] 3",
                                        "{\n}",
                                        "\"\\ud800\"",
                                        "{\"\\udc00x\":1}",
                                        "",
                                        "null",
                                        "1e999")
                                .map(s -> (Object) s),
                        Arbitraries.just(null));
        Arbitrary<Row> base =
                Arbitraries.of(
                                "{\"reading_id\":\"r-1\",\"device_id\":\"d\",\"ts\":\"2026-11-27T10:15:30Z\",\"temperature\":21.5,"
                                        + "\"humidity\":40,\"pressure\":1013.25,\"battery_mv\":3300,\"seq\":9000000000,\"status\":\"OK\","
                                        + "\"online\":true,\"owner_email\":\"a@b.c\",\"attributes\":{\"fw\":\"1.2\",\"x\":[1,\"😀\"]}}",
                                "{\"reading_id\":\"r-2\",\"device_id\":\"d\",\"ts\":1795779000000}")
                        .map(
                                p ->
                                        validator
                                                .validate(
                                                        new RawRecord(
                                                                p.getBytes(StandardCharsets.UTF_8),
                                                                "s",
                                                                "shardId-0",
                                                                "1",
                                                                "k",
                                                                NOW))
                                                .row());
        return Combinators.combine(
                        base,
                        Arbitraries.integers().between(0, SCHEMA.size() - 1).list().ofMaxSize(3),
                        value.list().ofSize(3),
                        Arbitraries.integers().between(0, 9))
                .as(
                        (row, columns, values, shape) -> {
                            Row out =
                                    Row.withPositions(
                                            shape == 0 ? SCHEMA.size() - 2 : SCHEMA.size());
                            for (int i = 0; i < out.getArity(); i++)
                                out.setField(i, row.getField(i));
                            for (int k = 0; k < columns.size(); k++) {
                                if (columns.get(k) < out.getArity())
                                    out.setField(columns.get(k), values.get(k));
                            }
                            return out;
                        });
    }

    @Provide
    Arbitrary<FailedRecord> failedRecords() {
        Arbitrary<String> text = Arbitraries.oneOf(hostileText(), Arbitraries.just(null));
        return Combinators.combine(text, text, text, text, text, Arbitraries.longs())
                .as(
                        (type, message, payload, key, shard, arrival) -> {
                            FailedRecord f = new FailedRecord();
                            f.errorType = type;
                            f.errorMessage = message;
                            f.payload = payload;
                            f.payloadEncoding = FailedRecord.UTF8;
                            f.stream = "s";
                            f.shardId = shard;
                            f.sequenceNumber = "1";
                            f.partitionKey = key;
                            f.arrivalTime = arrival;
                            return f;
                        });
    }
}
