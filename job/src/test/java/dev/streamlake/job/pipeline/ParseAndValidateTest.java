package dev.streamlake.job.pipeline;

import static dev.streamlake.job.pipeline.Fixtures.ARRIVAL;
import static dev.streamlake.job.pipeline.Fixtures.EVENT_TIME;
import static dev.streamlake.job.pipeline.Fixtures.SENSORS;
import static dev.streamlake.job.pipeline.Fixtures.raw;
import static dev.streamlake.job.pipeline.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.validate.ValidationRules;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParseAndValidateTest {
    private OneInputStreamOperatorTestHarness<RawRecord, ValidRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new ParseAndValidate(SENSORS, ValidationRules.defaults()));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private List<FailedRecord> failed() {
        return harness.getSideOutput(Tags.FAILED) == null
                ? List.of()
                : harness.getSideOutput(Tags.FAILED).stream()
                        .map(StreamRecord::getValue)
                        .collect(Collectors.toList());
    }

    @Test
    void sendsValidRecordToMainOutputWithItsRaw() throws Exception {
        RawRecord raw = raw(reading("OK"), "1");

        harness.processElement(raw, ARRIVAL);

        List<ValidRecord> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).row().getField(SENSORS.indexOf("event_time"))).isEqualTo(EVENT_TIME);
        assertThat(out.get(0).row().getField(SENSORS.indexOf("shard_id")))
                .isEqualTo("shardId-000000000001");
        assertThat(out.get(0).raw()).isEqualTo(raw);
        assertThat(failed()).isEmpty();
    }

    @Test
    void sendsInvalidRecordToFailedSideOutputWithPayloadAndArrival() throws Exception {
        harness.processElement(
                raw("{\"reading_id\":\"r-1\",\"ts\":\"2026-11-27T10:15:30Z\"}", "7"), ARRIVAL);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(failed())
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.errorType).isEqualTo("MISSING_FIELD");
                            assertThat(f.errorMessage).isEqualTo("device_id: required but missing");
                            assertThat(f.payload)
                                    .isEqualTo(
                                            "{\"reading_id\":\"r-1\",\"ts\":\"2026-11-27T10:15:30Z\"}");
                            assertThat(f.payloadEncoding).isEqualTo("utf8");
                            assertThat(f.stream).isEqualTo("sensor-readings");
                            assertThat(f.shardId).isEqualTo("shardId-000000000001");
                            assertThat(f.sequenceNumber).isEqualTo("7");
                            assertThat(f.partitionKey).isEqualTo("dev-0001");
                            assertThat(f.arrivalTime).isEqualTo(ARRIVAL);
                        });
    }

    @Test
    void keepsInvalidUtf8PayloadAsBase64() throws Exception {
        byte[] payload = {'{', (byte) 0xFF, '}'};

        harness.processElement(raw(payload, "8"), ARRIVAL);

        assertThat(failed())
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.errorType).isEqualTo("INVALID_UTF8");
                            assertThat(f.payloadEncoding).isEqualTo("base64");
                            assertThat(f.payloadBytes()).isEqualTo(payload);
                        });
    }

    @Test
    void routesEachRecordOfAMixedBatch() throws Exception {
        harness.processElement(raw(reading("OK"), "1"), ARRIVAL);
        harness.processElement(raw("not json", "2"), ARRIVAL);
        harness.processElement(raw("[1]", "3"), ARRIVAL);
        harness.processElement(raw(reading("WARN"), "4"), ARRIVAL);
        harness.processElement(raw(reading("OK").replace("21.5", "\"warm\""), "5"), ARRIVAL);
        harness.processElement(raw(new byte[0], "6"), ARRIVAL);

        assertThat(harness.extractOutputValues())
                .extracting(v -> v.raw().sequenceNumber)
                .containsExactly("1", "4");
        assertThat(failed())
                .extracting(f -> f.sequenceNumber + " " + f.errorType)
                .containsExactly(
                        "2 " + ErrorType.MALFORMED_JSON,
                        "3 " + ErrorType.NOT_AN_OBJECT,
                        "5 " + ErrorType.WRONG_TYPE,
                        "6 " + ErrorType.MALFORMED_JSON);
    }

    @Test
    void keepsTheRecordTimestamp() throws Exception {
        harness.processElement(raw(reading("OK"), "1"), 12345L);
        harness.processElement(raw("x", "2"), 67890L);

        assertThat(((StreamRecord<?>) harness.getOutput().peek()).getTimestamp()).isEqualTo(12345L);
        assertThat(harness.getSideOutput(Tags.FAILED).peek().getTimestamp()).isEqualTo(67890L);
    }
}
