package dev.streamlake.udfs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.validate.RecordValidator;
import dev.streamlake.udfs.validate.Validated;
import dev.streamlake.udfs.validate.ValidationRules;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.flink.types.Row;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class RowEncoderTest {
    private static final TableSchema SENSORS =
            TableSchema.load(Path.of("../conf/schemas/sensor-readings.json"));

    static <T> String line(LineEncoder<T> encoder, T value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            encoder.write(value, g);
        }
        return out.toString();
    }

    private static Row row(Object... columnsAndValues) {
        Row row = Row.withPositions(SENSORS.size());
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.setField(SENSORS.indexOf((String) columnsAndValues[i]), columnsAndValues[i + 1]);
        }
        return row;
    }

    @Test
    void writesEveryTypeInSchemaOrder() throws IOException {
        Row row =
                row(
                        "reading_id",
                        "r-1",
                        "device_id",
                        "dev-0001",
                        "event_time",
                        Instant.parse("2026-11-27T10:15:30.250Z").toEpochMilli(),
                        "temperature",
                        21.5,
                        "humidity",
                        40.0,
                        "battery_mv",
                        3300,
                        "seq",
                        9007199254740993L,
                        "status",
                        "OK",
                        "online",
                        false,
                        "attributes",
                        "{\"firmware\":\"1.2.0\",\"tags\":[\"a\",null]}",
                        "arrival_time",
                        Instant.parse("2026-11-27T10:15:31Z").toEpochMilli(),
                        "shard_id",
                        "shardId-000000000001");

        assertThat(line(new RowEncoder(SENSORS), row))
                .isEqualTo(
                        "{\"reading_id\":\"r-1\",\"device_id\":\"dev-0001\",\"event_time\":\"2026-11-27 10:15:30.250\","
                                + "\"temperature\":21.5,\"humidity\":40.0,\"battery_mv\":3300,\"seq\":9007199254740993,"
                                + "\"status\":\"OK\",\"online\":false,"
                                + "\"attributes\":{\"firmware\":\"1.2.0\",\"tags\":[\"a\",null]},"
                                + "\"arrival_time\":\"2026-11-27 10:15:31.000\",\"shard_id\":\"shardId-000000000001\"}");
    }

    @Test
    void leavesOutNullColumns() throws IOException {
        assertThat(line(new RowEncoder(SENSORS), row("device_id", "d")))
                .isEqualTo("{\"device_id\":\"d\"}");
        assertThat(line(new RowEncoder(SENSORS), row())).isEqualTo("{}");
    }

    @Test
    void escapesStrings() throws IOException {
        assertThat(line(new RowEncoder(SENSORS), row("status", "a\"b\\c\nd\u0001é")))
                .isEqualTo("{\"status\":\"a\\\"b\\\\c\\nd\\u0001é\"}");
    }

    @Test
    void writesTimestampsBeforeYear1000AndBefore1970() throws IOException {
        RowEncoder encoder = new RowEncoder(SENSORS);
        assertThat(
                        line(
                                encoder,
                                row(
                                        "event_time",
                                        Instant.parse("0999-01-02T03:04:05.006Z").toEpochMilli())))
                .isEqualTo("{\"event_time\":\"0999-01-02 03:04:05.006\"}");
        assertThat(line(encoder, row("event_time", -1L)))
                .isEqualTo("{\"event_time\":\"1969-12-31 23:59:59.999\"}");
    }

    @Test
    void writesJsonColumnNestedNotQuoted() throws IOException {
        String written = line(new RowEncoder(SENSORS), row("attributes", "[1,{\"a\":12.50}]"));

        assertThat(written).isEqualTo("{\"attributes\":[1,{\"a\":12.50}]}");
        assertThat(new ObjectMapper().readTree(written).get("attributes").isArray()).isTrue();
    }

    @Test
    void writesWhatTheValidatorReadBackAsTheSameValues() throws IOException {
        String payload =
                "{\"reading_id\":\"r-1\",\"device_id\":\"dev-0001\",\"ts\":1795774530250,"
                        + "\"temperature\":-3.25,\"online\":true,\"attributes\":{\"x\":[1,2]}}";
        Validated v =
                new RecordValidator(SENSORS, ValidationRules.defaults())
                        .validate(
                                new RawRecord(
                                        payload.getBytes(StandardCharsets.UTF_8),
                                        "s",
                                        "shard-1",
                                        "42",
                                        "k",
                                        1795774531000L));

        assertThat(line(new RowEncoder(SENSORS), v.row()))
                .isEqualTo(
                        "{\"reading_id\":\"r-1\",\"device_id\":\"dev-0001\",\"event_time\":\"2026-11-27 10:15:30.250\","
                                + "\"temperature\":-3.25,\"status\":\"OK\",\"online\":true,\"attributes\":{\"x\":[1,2]},"
                                + "\"arrival_time\":\"2026-11-27 10:15:31.000\",\"shard_id\":\"shard-1\",\"sequence_number\":\"42\"}");
    }

    @Test
    void worksAfterJavaSerialization() throws Exception {
        RowEncoder used = new RowEncoder(SENSORS);
        line(used, row("status", "x")); // fills the transient caches
        RowEncoder copy = InstantiationUtil.clone(used);

        assertThat(line(copy, row("status", "OK", "seq", 1L)))
                .isEqualTo("{\"seq\":1,\"status\":\"OK\"}");
    }
}
