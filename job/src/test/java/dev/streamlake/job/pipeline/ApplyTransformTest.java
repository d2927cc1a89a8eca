package dev.streamlake.job.pipeline;

import static dev.streamlake.job.pipeline.Fixtures.ARRIVAL;
import static dev.streamlake.job.pipeline.Fixtures.SENSORS;
import static dev.streamlake.job.pipeline.Fixtures.raw;
import static dev.streamlake.job.pipeline.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.transform.RecordTransform;
import dev.streamlake.udfs.transform.TransformResult;
import dev.streamlake.udfs.transform.Transforms;
import dev.streamlake.udfs.validate.RecordValidator;
import dev.streamlake.udfs.validate.ValidationRules;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class ApplyTransformTest {
    private static final RecordValidator VALIDATOR =
            new RecordValidator(SENSORS, ValidationRules.defaults());

    /** Throws on status BOOM, fails FAIL, returns nothing for NULL; passes the rest. */
    static final class Troublesome implements RecordTransform {
        private static final long serialVersionUID = 1L;
        boolean opened;

        @Override
        public void open(TableSchema schema) {
            opened = true;
        }

        @Override
        public TransformResult apply(Row row) {
            Object status = row.getField(SENSORS.indexOf("status"));
            if ("BOOM".equals(status)) throw new IllegalStateException("boom");
            if ("FAIL".equals(status)) return TransformResult.failed("status FAIL is not allowed");
            if ("NULL".equals(status)) return null;
            return TransformResult.ok(row);
        }
    }

    private static ValidRecord valid(String status, String sequenceNumber) {
        RawRecord raw = raw(reading(status), sequenceNumber);
        return new ValidRecord(VALIDATOR.validate(raw).row(), raw);
    }

    private static OneInputStreamOperatorTestHarness<ValidRecord, ValidRecord> harness(
            RecordTransform t) throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new ApplyTransform(SENSORS, t));
    }

    private static List<FailedRecord> failed(
            OneInputStreamOperatorTestHarness<ValidRecord, ValidRecord> h) {
        return h.getSideOutput(Tags.FAILED) == null
                ? List.of()
                : h.getSideOutput(Tags.FAILED).stream()
                        .map(StreamRecord::getValue)
                        .collect(Collectors.toList());
    }

    /** The one record {@code h} sent to the failed output, asserted to have failed a transform. */
    private static FailedRecord theTransformFailure(
            OneInputStreamOperatorTestHarness<ValidRecord, ValidRecord> h) {
        assertThat(failed(h)).hasSize(1);
        FailedRecord f = failed(h).get(0);
        assertThat(f.errorType).isEqualTo("TRANSFORM_FAILED");
        return f;
    }

    @Test
    void opensTheTransform() throws Exception {
        Troublesome t = new Troublesome();
        try (var h = harness(t)) {
            assertThat(t.opened).isTrue();
        }
    }

    @Test
    void sendsOkRowToMainOutputTransformed() throws Exception {
        RecordTransform chain =
                Transforms.of(SENSORS, "status == 'TEST'", List.of("owner_email"), List.of(), null);
        try (var h = harness(chain)) {
            h.processElement(valid("OK", "1"), ARRIVAL);

            assertThat(h.extractOutputValues())
                    .singleElement()
                    .satisfies(
                            out ->
                                    assertThat(out.row().getField(SENSORS.indexOf("owner_email")))
                                            .isEqualTo("***************.com"));
            assertThat(failed(h)).isEmpty();
        }
    }

    @Test
    void emitsNothingForDroppedRecord() throws Exception {
        RecordTransform chain =
                Transforms.of(SENSORS, "status == 'TEST'", List.of(), List.of(), null);
        try (var h = harness(chain)) {
            h.processElement(valid("TEST", "1"), ARRIVAL);

            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(failed(h)).isEmpty();
        }
    }

    @Test
    void sendsFailedRecordToSideOutputWithRawPayloadAndReason() throws Exception {
        try (var h = harness(new Troublesome())) {
            h.processElement(valid("FAIL", "9"), ARRIVAL);

            assertThat(h.extractOutputValues()).isEmpty();
            FailedRecord f = theTransformFailure(h);
            assertThat(f.errorMessage).isEqualTo("status FAIL is not allowed");
            assertThat(f.payload).isEqualTo(reading("FAIL")); // as it arrived, before any transform
            assertThat(f.sequenceNumber).isEqualTo("9");
            assertThat(f.arrivalTime).isEqualTo(ARRIVAL);
        }
    }

    @Test
    void failedRecordKeepsThePayloadAsItArrivedNotAsMasked() throws Exception {
        RecordTransform maskThenFail =
                new dev.streamlake.udfs.transform.TransformChain(
                        List.of(
                                Transforms.of(
                                        SENSORS, null, List.of("owner_email"), List.of(), null),
                                new Troublesome()));
        try (var h = harness(maskThenFail)) {
            h.processElement(valid("FAIL", "1"), ARRIVAL);

            assertThat(failed(h))
                    .singleElement()
                    .satisfies(f -> assertThat(f.payload).contains("owner42@example.com"));
        }
    }

    @Test
    void transformThatThrowsFailsTheRecordAndTheStreamGoesOn() throws Exception {
        try (var h = harness(new Troublesome())) {
            h.processElement(valid("BOOM", "1"), ARRIVAL);
            h.processElement(valid("OK", "2"), ARRIVAL);

            FailedRecord f = theTransformFailure(h);
            assertThat(f.errorMessage)
                    .isEqualTo("Troublesome threw java.lang.IllegalStateException: boom");
            assertThat(f.sequenceNumber).isEqualTo("1");
            assertThat(h.extractOutputValues()).hasSize(1);
        }
    }

    @Test
    void transformThatReturnsNullFailsTheRecordAndTheStreamGoesOn() throws Exception {
        try (var h = harness(new Troublesome())) {
            h.processElement(valid("NULL", "1"), ARRIVAL);
            h.processElement(valid("OK", "2"), ARRIVAL);

            assertThat(theTransformFailure(h).errorMessage)
                    .isEqualTo("Troublesome returned no result");
            assertThat(h.extractOutputValues()).hasSize(1);
        }
    }

    @Test
    void userTransformThatThrowsInsideTheConfiguredChainFailsTheRecord() throws Exception {
        RecordTransform chain =
                new dev.streamlake.udfs.transform.TransformChain(List.of(new Troublesome()));
        try (var h = harness(chain)) {
            h.processElement(valid("BOOM", "1"), ARRIVAL);
            h.processElement(valid("NULL", "2"), ARRIVAL);
            h.processElement(valid("OK", "3"), ARRIVAL);

            assertThat(failed(h))
                    .extracting(f -> f.errorType)
                    .containsExactly("TRANSFORM_FAILED", "TRANSFORM_FAILED");
            assertThat(failed(h).get(0).errorMessage).contains("IllegalStateException: boom");
            assertThat(h.extractOutputValues()).hasSize(1);
        }
    }

    @Test
    void aRowOfAnotherShapeThanTheSchemasFailsTheRecord() throws Exception {
        RecordTransform wrongType =
                row -> {
                    row.setField(SENSORS.indexOf("battery_mv"), "3300");
                    return TransformResult.ok(row);
                };
        RecordTransform shorter = row -> TransformResult.ok(Row.of("r"));
        for (RecordTransform t : List.of(wrongType, shorter)) {
            try (var h = harness(t)) {
                h.processElement(valid("OK", "1"), ARRIVAL);

                assertThat(h.extractOutputValues()).isEmpty();
                assertThat(theTransformFailure(h).errorMessage)
                        .containsAnyOf(
                                "whose column battery_mv holds a java.lang.String, not a Integer",
                                "of 1 fields");
            }
        }
    }

    @Test
    void okRowsGoOnWithTheRecordTheyCameFrom() throws Exception {
        try (var h = harness(new Troublesome())) {
            ValidRecord in = valid("OK", "7");
            h.processElement(in, ARRIVAL);

            assertThat(h.extractOutputValues())
                    .singleElement()
                    .satisfies(out -> assertThat(out.raw()).isEqualTo(in.raw()));
        }
    }

    @Test
    void producesTheSchemasRowTypeWithTheRawRecord() {
        assertThat(new ApplyTransform(SENSORS, new Troublesome()).getProducedType())
                .isEqualTo(ValidRecord.typeInfo(SENSORS));
    }
}
