package dev.streamlake.udfs.lake;

import static dev.streamlake.udfs.lake.RowEncoderTest.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.Timestamps;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedRecordEncoderTest {
    private static final long ARRIVAL = Instant.parse("2026-11-27T10:15:31.007Z").toEpochMilli();

    @Test
    void writesEveryColumnInOrder() throws IOException {
        RawRecord raw =
                new RawRecord(
                        "{\"a\":".getBytes(StandardCharsets.UTF_8),
                        "sensor-readings",
                        "shardId-000000000002",
                        "4965",
                        "dev-7",
                        ARRIVAL);
        FailedRecord f = FailedRecord.of(raw, ErrorType.MALFORMED_JSON, "Unexpected end-of-input");

        assertThat(line(new FailedRecordEncoder(), f))
                .isEqualTo(
                        "{\"error_type\":\"MALFORMED_JSON\",\"error_message\":\"Unexpected end-of-input\","
                                + "\"payload\":\"{\\\"a\\\":\",\"payload_encoding\":\"utf8\","
                                + "\"stream\":\"sensor-readings\",\"shard_id\":\"shardId-000000000002\","
                                + "\"sequence_number\":\"4965\",\"partition_key\":\"dev-7\","
                                + "\"arrival_time\":\"2026-11-27 10:15:31.007\"}");
    }

    @Test
    void leavesOutUnsetArrivalMetadata() throws IOException {
        RawRecord raw = new RawRecord(new byte[0], null, null, null, null, ARRIVAL);
        FailedRecord f = FailedRecord.of(raw, ErrorType.MALFORMED_JSON, "empty record");

        assertThat(line(new FailedRecordEncoder(), f))
                .isEqualTo(
                        "{\"error_type\":\"MALFORMED_JSON\",\"error_message\":\"empty record\",\"payload\":\"\","
                                + "\"payload_encoding\":\"utf8\",\"arrival_time\":\"2026-11-27 10:15:31.007\"}");
    }

    @Test
    void writesInvalidUtf8PayloadAsBase64() throws IOException {
        RawRecord raw =
                new RawRecord(
                        new byte[] {'{', (byte) 0xC0, (byte) 0xAF, '}'},
                        "s",
                        "sh",
                        "1",
                        "k",
                        ARRIVAL);
        FailedRecord f =
                FailedRecord.of(raw, ErrorType.INVALID_UTF8, "invalid UTF-8 at byte 1 (0xC0)");

        assertThat(line(new FailedRecordEncoder(), f))
                .contains("\"payload\":\"e8CvfQ==\",\"payload_encoding\":\"base64\"");
    }

    @Test
    void replaceUnwritableLeavesACleanRecordAsItIs() {
        FailedRecord f = FailedRecord.of(raw(), ErrorType.MALFORMED_JSON, "no");

        assertThat(FailedRecordEncoder.replaceUnwritable(f)).isFalse();
        assertThat(f.errorMessage).isEqualTo("no");
        assertThat(f.arrivalTime).isEqualTo(ARRIVAL);
    }

    @Test
    void replaceUnwritableReplacesALoneSurrogateInEveryTextColumn() throws Exception {
        int checked = 0;
        for (Field column : FailedRecord.class.getFields()) {
            if (column.getType() != String.class || Modifier.isStatic(column.getModifiers()))
                continue;
            checked++;
            FailedRecord f = FailedRecord.of(raw(), ErrorType.MALFORMED_JSON, "no");
            column.set(f, "a\uD800b");

            assertThat(FailedRecordEncoder.replaceUnwritable(f)).as(column.getName()).isTrue();
            assertThat(column.get(f)).as(column.getName()).isEqualTo("a\uFFFDb");
        }
        assertThat(checked).isEqualTo(FailedRecordEncoder.COLUMNS.length - 1); // all but the time
    }

    @Test
    void replaceUnwritableClampsAnArrivalTimeOutsideTheWritableYears() {
        FailedRecord f = FailedRecord.of(raw(), ErrorType.MALFORMED_JSON, "no");
        f.arrivalTime = Long.MAX_VALUE;

        assertThat(FailedRecordEncoder.replaceUnwritable(f)).isTrue();
        assertThat(f.arrivalTime).isEqualTo(Timestamps.LAST_WRITABLE);
    }

    private static RawRecord raw() {
        return new RawRecord("{}".getBytes(StandardCharsets.UTF_8), "s", "sh", "1", "k", ARRIVAL);
    }

    @Test
    void declaresTheColumnsItWrites() {
        assertThat(java.util.Arrays.stream(FailedRecordEncoder.COLUMNS).map(c -> c[0]))
                .containsExactly(
                        "error_type",
                        "error_message",
                        "payload",
                        "payload_encoding",
                        "stream",
                        "shard_id",
                        "sequence_number",
                        "partition_key",
                        "arrival_time");
    }
}
