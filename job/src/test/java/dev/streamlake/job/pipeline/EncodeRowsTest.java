package dev.streamlake.job.pipeline;

import static dev.streamlake.job.pipeline.Fixtures.SENSORS;
import static dev.streamlake.job.pipeline.Fixtures.raw;
import static dev.streamlake.job.pipeline.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.LakeOptions.ParquetCompression;
import dev.streamlake.job.config.TableFiles;
import dev.streamlake.job.metrics.MetricsProbe;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.job.sink.EncodedRecord;
import dev.streamlake.job.sink.LakeSinks;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.validate.RecordValidator;
import dev.streamlake.udfs.validate.ValidationRules;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** The encode steps: what the writer writes, or an error row with the record as it arrived. */
class EncodeRowsTest {
    private static final RecordValidator VALIDATOR =
            new RecordValidator(SENSORS, ValidationRules.defaults());

    private static ValidRecord valid(String sequence) {
        RawRecord raw = raw(reading("OK"), sequence);
        return new ValidRecord(VALIDATOR.validate(raw).row(), raw);
    }

    /**
     * {@code v} with its row's {@code column} set to {@code value}, as a transform may leave it.
     */
    private static ValidRecord withField(ValidRecord v, int column, Object value) {
        Row changed = Row.copy(v.row());
        changed.setField(column, value);
        return new ValidRecord(changed, v.raw());
    }

    private static OneInputStreamOperatorTestHarness<ValidRecord, EncodedRecord> harness(
            EncodeRows encode, MetricsProbe probe) throws Exception {
        var h =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(encode), probe.environment());
        h.open();
        return h;
    }

    @Test
    void aRowBecomesItsJsonLineAndARowTheTableCannotHoldAnErrorRow() throws Exception {
        MetricsProbe probe = new MetricsProbe();
        try (var h =
                harness(
                        EncodeRows.events(LakeSinks.rowEncoder(SENSORS, TableFiles.jsonGzip(6))),
                        probe)) {
            ValidRecord ok = valid("1");
            ValidRecord bad = valid("2");
            h.processElement(ok, 0L);
            h.processElement(
                    withField(bad, SENSORS.indexOf("owner_email"), "x\uD800y"),
                    0L); // what a transform.class may do

            List<EncodedRecord> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(new String(out.get(0).line(), StandardCharsets.UTF_8))
                    .startsWith("{\"reading_id\":");
            assertThat(out.get(0).partitionTime())
                    .isEqualTo(ok.row().getField(SENSORS.eventTimeIndex()));
            assertThat(h.getSideOutput(Tags.FAILED))
                    .singleElement()
                    .extracting(StreamRecord::getValue)
                    .satisfies(
                            f -> {
                                assertThat(f.errorType).isEqualTo("ENCODING_FAILED");
                                assertThat(f.errorMessage)
                                        .isEqualTo(
                                                "events table: column owner_email: unpaired surrogate U+D800 at char 1 (UTF-8 cannot carry it)");
                                assertThat(f.payloadBytes()).isEqualTo(bad.raw().payload);
                                assertThat(f.sequenceNumber).isEqualTo("2");
                            });
            assertThat(probe.count("kinesisanalytics.error_type.ENCODING_FAILED.recordsFailed"))
                    .isEqualTo(1);
            assertThat(probe.count("kinesisanalytics.recordsFailed")).isEqualTo(1);
        }
    }

    @Test
    void parquetRefusesWhatJsonRefuses() throws Exception {
        MetricsProbe probe = new MetricsProbe();
        try (var h =
                harness(
                        EncodeRows.events(
                                LakeSinks.rowEncoder(
                                        SENSORS, TableFiles.parquet(ParquetCompression.SNAPPY))),
                        probe)) {
            ValidRecord v = valid("3");
            h.processElement(withField(v, SENSORS.indexOf("temperature"), Double.NaN), 0L);
            h.processElement(withField(v, SENSORS.eventTimeIndex(), null), 0L);

            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(Tags.FAILED))
                    .extracting(r -> r.getValue().errorMessage)
                    .containsExactly(
                            "events table: column temperature: NaN is no JSON number (the table holds finite doubles)",
                            "events table: column event_time: the event time is null, not epoch millis");
        }
    }

    @Test
    void theAnomaliesStepLeavesFailuresToTheEventsStepAndCountsThem() throws Exception {
        MetricsProbe probe = new MetricsProbe();
        try (var h =
                harness(
                        EncodeRows.anomalies(LakeSinks.rowEncoder(SENSORS, TableFiles.jsonGzip(6))),
                        probe)) {
            ValidRecord v = valid("4");
            h.processElement(withField(v, SENSORS.indexOf("device_id"), "\uDC00"), 0L);

            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(Tags.FAILED))
                    .isNullOrEmpty(); // the events step wrote its one error row
            assertThat(probe.count("kinesisanalytics.table.anomalies.derivedRowsLeftOut"))
                    .isEqualTo(1);
        }
    }

    @Test
    void errorRowsWithUnwritableTextAreWrittenWithTheReplacementCharacterAndCounted()
            throws Exception {
        MetricsProbe probe = new MetricsProbe();
        try (var h =
                new OneInputStreamOperatorTestHarness<FailedRecord, EncodedRecord>(
                        new ProcessOperator<>(
                                new EncodeErrors(LakeSinks.errorEncoder(TableFiles.jsonGzip(6)))),
                        probe.environment())) {
            h.open();
            FailedRecord f =
                    FailedRecord.of(
                            raw("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "5"),
                            dev.streamlake.udfs.record.ErrorType.WRONG_TYPE,
                            "device_id: expected a string, got string \"x\uD83D...");
            f.partitionKey = "key-\uDE00";
            h.processElement(f, 0L);
            h.processElement(
                    FailedRecord.of(
                            raw("{}".getBytes(StandardCharsets.UTF_8), "6"),
                            dev.streamlake.udfs.record.ErrorType.MISSING_FIELD,
                            "no"),
                    0L);

            List<EncodedRecord> out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            String line = new String(out.get(0).line(), StandardCharsets.UTF_8);
            assertThat(line)
                    .contains("got string \\\"x\uFFFD...\"")
                    .contains("\"partition_key\":\"key-\uFFFD\"");
            assertThat(probe.count("kinesisanalytics.errorsTextReplaced")).isEqualTo(1);
        }
    }
}
