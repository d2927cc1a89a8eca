package dev.streamlake.udfs.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

class TableSchemaTest {
    private static final Path SENSOR_READINGS = Path.of("../conf/schemas/sensor-readings.json");
    private static final String ID = "{'name':'id','type':'string','required':true}";
    private static final String TS = "{'name':'t','type':'timestamp','required':true}";

    /** Schema text with single quotes for readability. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** Parsing the schema fails; the caller checks the message. */
    private static ThrowableAssertAlternative<IllegalArgumentException> parseFails(String schema) {
        return assertThatIllegalArgumentException().isThrownBy(() -> TableSchema.parse(schema));
    }

    /** A schema with key id, event time t, and the given extra columns. */
    private static String withColumns(String... extra) {
        StringBuilder b =
                new StringBuilder("{'key':'id','event_time':'t','columns':[" + ID + "," + TS);
        for (String c : extra) b.append(',').append(c);
        return json(b.append("]}").toString());
    }

    @Test
    void loadsTheSensorReadingsSchema() {
        TableSchema s = TableSchema.load(SENSOR_READINGS);

        assertThat(s.table()).isEqualTo("events");
        assertThat(s.size()).isEqualTo(15);
        assertThat(s.column(s.keyIndex()).name()).isEqualTo("device_id");
        Column eventTime = s.column(s.eventTimeIndex());
        assertThat(eventTime.name()).isEqualTo("event_time");
        assertThat(eventTime.source()).isEqualTo("ts");
        assertThat(eventTime.type()).isEqualTo(ColumnType.TIMESTAMP);
        assertThat(s.timestampFormats()).containsExactlyInAnyOrder(TimestampFormat.values());
        assertThat(s.column(s.indexOf("status")).defaultValue()).isEqualTo("OK");
        assertThat(s.column(s.indexOf("arrival_time")).isMetadata()).isTrue();
        assertThat(s.column(s.indexOf("battery_mv")).type()).isEqualTo(ColumnType.INT);
        assertThat(s.indexOf("no_such_column")).isEqualTo(-1);
    }

    @Test
    void parsesAMinimalSchemaWithDefaults() {
        TableSchema s = TableSchema.parse(withColumns());

        assertThat(s.table()).isEqualTo("events");
        assertThat(s.timestampFormats()).containsExactlyInAnyOrder(TimestampFormat.values());
        assertThat(s.column(0).source()).isEqualTo("id");
        assertThat(s.column(0).isMetadata()).isFalse();
    }

    @Test
    void parsesTypedDefaults() {
        TableSchema s =
                TableSchema.parse(
                        withColumns(
                                "{'name':'n','type':'bigint','default':-1}",
                                "{'name':'i','type':'int','default':7}",
                                "{'name':'d','type':'double','default':2}",
                                "{'name':'b','type':'boolean','default':true}",
                                "{'name':'j','type':'json','default':{'a':[1]}}",
                                "{'name':'w','type':'timestamp','default':'2026-01-01T00:00:00Z'}"));

        assertThat(s.column(s.indexOf("n")).defaultValue()).isEqualTo(-1L);
        assertThat(s.column(s.indexOf("i")).defaultValue()).isEqualTo(7);
        assertThat(s.column(s.indexOf("d")).defaultValue()).isEqualTo(2.0);
        assertThat(s.column(s.indexOf("b")).defaultValue()).isEqualTo(true);
        assertThat(s.column(s.indexOf("j")).defaultValue()).isEqualTo("{\"a\":[1]}");
        assertThat(s.column(s.indexOf("w")).defaultValue()).isEqualTo(1767225600000L);
    }

    @Test
    void rejectsNonJsonAndNonObject() {
        parseFails("{").withMessageStartingWith("schema is not valid JSON");
        parseFails("[]").withMessage("schema must be a JSON object");
    }

    @Test
    void rejectsUnknownTopLevelKeyByName() {
        parseFails(json("{'key':'id','evnt_time':'t','columns':[" + ID + "]}"))
                .withMessageStartingWith("evnt_time: unknown key");
    }

    @Test
    void rejectsUnknownColumnKeyByPosition() {
        parseFails(withColumns("{'name':'x','type':'string','nullable':true}"))
                .withMessageStartingWith("columns[2].nullable: unknown key");
    }

    @Test
    void rejectsBadTypeNamingColumnAndType() {
        parseFails(withColumns("{'name':'x','type':'float'}"))
                .withMessageStartingWith("columns[2]: unknown column type 'float'");
    }

    @Test
    void rejectsMissingType() {
        parseFails(withColumns("{'name':'x'}"))
                .withMessageStartingWith("columns[2]: unknown column type");
    }

    @Test
    void rejectsUpperCaseColumnName() {
        parseFails(withColumns("{'name':'DeviceId','type':'string'}"))
                .withMessageStartingWith("columns[2].name:")
                .withMessageContaining("'DeviceId'");
    }

    @Test
    void rejectsDuplicateColumnByName() {
        parseFails(withColumns("{'name':'id','type':'string'}"))
                .withMessage("columns: 'id' is declared twice");
    }

    @Test
    void rejectsMissingOrEmptyColumns() {
        parseFails(json("{'key':'id','event_time':'t'}")).withMessageStartingWith("columns:");
        parseFails(json("{'key':'id','event_time':'t','columns':[]}"))
                .withMessageStartingWith("columns:");
    }

    @Test
    void rejectsMissingKey() {
        parseFails(json("{'event_time':'t','columns':[" + ID + "," + TS + "]}"))
                .withMessage("key: not set");
    }

    @Test
    void rejectsKeyNamingNoColumn() {
        parseFails(json("{'key':'device','event_time':'t','columns':[" + ID + "," + TS + "]}"))
                .withMessage("key: no column named 'device'");
    }

    @Test
    void rejectsMissingEventTime() {
        parseFails(json("{'key':'id','columns':[" + ID + "," + TS + "]}"))
                .withMessage("event_time: not set");
    }

    @Test
    void rejectsEventTimeNamingNoColumn() {
        parseFails(json("{'key':'id','event_time':'ts','columns':[" + ID + "," + TS + "]}"))
                .withMessage("event_time: no column named 'ts'");
    }

    @Test
    void rejectsEventTimeThatIsNotATimestamp() {
        parseFails(json("{'key':'id','event_time':'id','columns':[" + ID + "]}"))
                .withMessage("event_time: column 'id' must have type timestamp");
    }

    @Test
    void rejectsEventTimeThatIsNotRequired() {
        parseFails(
                        json(
                                "{'key':'id','event_time':'t','columns':["
                                        + ID
                                        + ",{'name':'t','type':'timestamp'}]}"))
                .withMessageStartingWith("event_time: column 't' must be required");
    }

    @Test
    void rejectsEventTimeFromArrivalMetadata() {
        parseFails(
                        json(
                                "{'key':'id','event_time':'t','columns':["
                                        + ID
                                        + ",{'name':'t','type':'timestamp','required':true,'source':'$arrival_time'}]}"))
                .withMessage("event_time: column 't' must be required and come from the record");
    }

    @Test
    void rejectsDefaultOfWrongTypeNamingTheColumnDefault() {
        parseFails(withColumns("{'name':'n','type':'int','default':'7'}"))
                .withMessage("columns[2].default: \"7\" is not a int");
        parseFails(withColumns("{'name':'n','type':'int','default':3000000000}"))
                .withMessageStartingWith("columns[2].default:");
        parseFails(withColumns("{'name':'n','type':'bigint','default':1.5}"))
                .withMessageStartingWith("columns[2].default:");
        parseFails(withColumns("{'name':'w','type':'timestamp','default':'soon'}"))
                .withMessageStartingWith("columns[2].default:");
        parseFails(withColumns("{'name':'b','type':'boolean','default':'yes'}"))
                .withMessageStartingWith("columns[2].default:");
    }

    @Test
    void rejectsDefaultOnRequiredColumn() {
        parseFails(withColumns("{'name':'s','type':'string','required':true,'default':'x'}"))
                .withMessage("columns[2].default: a required column cannot have a default");
    }

    @Test
    void rejectsMetadataOfMismatchedType() {
        parseFails(withColumns("{'name':'a','type':'string','source':'$arrival_time'}"))
                .withMessage("columns[2]: metadata $arrival_time has type timestamp, not string");
    }

    @Test
    void rejectsUnknownMetadataSource() {
        parseFails(withColumns("{'name':'a','type':'string','source':'$region'}"))
                .withMessageStartingWith("columns[2]: unknown metadata source '$region'");
    }

    @Test
    void rejectsUnknownTimestampFormat() {
        parseFails(
                        json(
                                "{'key':'id','event_time':'t','timestamp_formats':['rfc2822'],'columns':["
                                        + ID
                                        + ","
                                        + TS
                                        + "]}"))
                .withMessageStartingWith("unknown timestamp format 'rfc2822'");
    }

    @Test
    void rejectsNonStringKeyValue() {
        parseFails(json("{'key':1,'event_time':'t','columns':[" + ID + "," + TS + "]}"))
                .withMessageStartingWith("key: expected a string");
    }

    @Test
    void rejectsTwoColumnsFedByOneInputField() {
        parseFails(
                        withColumns(
                                "{'name':'a','type':'string','source':'x'}",
                                "{'name':'b','type':'string','source':'x'}"))
                .withMessageContaining("input field 'x' is the source of two columns");
    }

    @Test
    void rejectsARequiredFlagThatIsNotABoolean() {
        parseFails(withColumns("{'name':'a','type':'string','required':'yes'}"))
                .withMessageContaining("columns[2].required: expected true or false");
    }
}
