package dev.streamlake.job.pipeline;

import static dev.streamlake.job.pipeline.Fixtures.ARRIVAL;
import static dev.streamlake.job.pipeline.Fixtures.SENSORS;
import static dev.streamlake.job.pipeline.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.metrics.MetricsProbe;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.transform.RecordTransform;
import dev.streamlake.udfs.transform.TransformResult;
import dev.streamlake.udfs.validate.RecordValidator;
import dev.streamlake.udfs.validate.ValidationRules;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** The counters of "Parse and validate" and "Transform" add up, record for record. */
class PipelineMetricsTest {

    @Test
    void parseAndValidateCountsEveryRecordInAndEachFailureByErrorType() throws Exception {
        MetricsProbe probe = new MetricsProbe();
        try (var h =
                new OneInputStreamOperatorTestHarness<RawRecord, ValidRecord>(
                        new ProcessOperator<>(
                                new ParseAndValidate(SENSORS, ValidationRules.defaults())),
                        probe.environment())) {
            h.open();
            h.processElement(Fixtures.raw(reading("OK"), "1"), ARRIVAL);
            h.processElement(Fixtures.raw(reading("OK"), "1"), ARRIVAL);
            h.processElement(Fixtures.raw("{not json", "2"), ARRIVAL);
            h.processElement(Fixtures.raw("[1]", "3"), ARRIVAL);
            h.processElement(Fixtures.raw("{\"reading_id\":\"r-2\"}", "4"), ARRIVAL);

            assertThat(probe.count("kinesisanalytics.recordsIn")).isEqualTo(5);
            assertThat(probe.count("kinesisanalytics.recordsValid")).isEqualTo(2);
            assertThat(probe.count("kinesisanalytics.error_type.MALFORMED_JSON.recordsFailed"))
                    .isEqualTo(1);
            assertThat(probe.count("kinesisanalytics.error_type.NOT_AN_OBJECT.recordsFailed"))
                    .isEqualTo(1);
            assertThat(probe.count("kinesisanalytics.error_type.MISSING_FIELD.recordsFailed"))
                    .isEqualTo(1);
            assertThat(probe.count("kinesisanalytics.error_type.OVERSIZED.recordsFailed")).isZero();
            // TRANSFORM_FAILED belongs to the transform, ENCODING_FAILED to the encode step: one
            // counter per error type in the job.
            assertThat(probe.has("kinesisanalytics.error_type.TRANSFORM_FAILED.recordsFailed"))
                    .isFalse();
            assertThat(probe.has("kinesisanalytics.error_type.MALFORMED_AGGREGATE.recordsFailed"))
                    .isFalse();
            assertThat(probe.has("kinesisanalytics.error_type.ENCODING_FAILED.recordsFailed"))
                    .isFalse();
            long failed = 0;
            for (ErrorType t : ErrorType.values()) {
                if (t != ErrorType.TRANSFORM_FAILED
                        && t != ErrorType.ENCODING_FAILED
                        && t != ErrorType.MALFORMED_AGGREGATE) {
                    failed += probe.count("kinesisanalytics.error_type." + t + ".recordsFailed");
                }
            }
            assertThat(probe.count("kinesisanalytics.recordsFailed"))
                    .as("all types")
                    .isEqualTo(failed)
                    .isEqualTo(3);
            assertThat(probe.count("kinesisanalytics.recordsValid") + failed)
                    .isEqualTo(probe.count("kinesisanalytics.recordsIn"));
        }
    }

    /** Fails FAIL, drops TEST, passes the rest. */
    static final class FailOrDrop implements RecordTransform {
        private static final long serialVersionUID = 1L;

        @Override
        public TransformResult apply(Row row) {
            Object status = row.getField(SENSORS.indexOf("status"));
            if ("FAIL".equals(status)) return TransformResult.failed("no");
            if ("TEST".equals(status)) return TransformResult.dropped();
            return TransformResult.ok(row);
        }
    }

    @Test
    void transformCountsOkDroppedAndFailed() throws Exception {
        MetricsProbe probe = new MetricsProbe();
        RecordValidator validator = new RecordValidator(SENSORS, ValidationRules.defaults());
        try (var h =
                new OneInputStreamOperatorTestHarness<ValidRecord, ValidRecord>(
                        new ProcessOperator<>(new ApplyTransform(SENSORS, new FailOrDrop())),
                        probe.environment())) {
            h.open();
            for (String status : new String[] {"OK", "OK", "OK", "TEST", "FAIL", "TEST"}) {
                RawRecord raw = Fixtures.raw(reading(status), "1");
                h.processElement(new ValidRecord(validator.validate(raw).row(), raw), ARRIVAL);
            }

            assertThat(probe.count("kinesisanalytics.recordsOk")).isEqualTo(3);
            assertThat(probe.count("kinesisanalytics.recordsDropped")).isEqualTo(2);
            assertThat(probe.count("kinesisanalytics.error_type.TRANSFORM_FAILED.recordsFailed"))
                    .isEqualTo(1);
            assertThat(probe.count("kinesisanalytics.recordsFailed")).isEqualTo(1);
            assertThat(h.extractOutputValues()).hasSize(3);
        }
    }
}
