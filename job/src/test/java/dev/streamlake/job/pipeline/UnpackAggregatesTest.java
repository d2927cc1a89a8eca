package dev.streamlake.job.pipeline;

import static dev.streamlake.job.pipeline.Fixtures.ARRIVAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.metrics.MetricsProbe;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.job.source.KclAggregates;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.clientlibrary.types.Messages;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** "Unpack KPL aggregates" in Flink's harness, with aggregates built by AWS's protobuf classes. */
class UnpackAggregatesTest {

    private static OneInputStreamOperatorTestHarness<RawRecord, RawRecord> harness(
            MetricsProbe probe) throws Exception {
        var h =
                new OneInputStreamOperatorTestHarness<RawRecord, RawRecord>(
                        new ProcessOperator<>(new UnpackAggregates()), probe.environment());
        h.open();
        return h;
    }

    private static String text(RawRecord r) {
        return new String(r.payload, StandardCharsets.UTF_8);
    }

    @Test
    void emitsEveryUserRecordInOrderWithItsPartitionKeyAndTheAggregatesPlace() throws Exception {
        MetricsProbe probe = new MetricsProbe();
        byte[] agg =
                KclAggregates.of(
                        List.of(
                                Map.entry("dev-a", "{\"n\":1}"),
                                Map.entry("dev-b", "{\"n\":2}"),
                                Map.entry("dev-a", "{\"n\":3}")));
        try (var h = harness(probe)) {
            h.processElement(Fixtures.raw("{\"n\":0}", "100"), ARRIVAL);
            h.processElement(Fixtures.raw(agg, "101"), ARRIVAL);
            h.processElement(Fixtures.raw("{\"n\":4}", "102"), ARRIVAL);

            List<RawRecord> out = h.extractOutputValues();
            assertThat(out)
                    .extracting(UnpackAggregatesTest::text)
                    .containsExactly(
                            "{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
            assertThat(out.subList(1, 4))
                    .extracting(r -> r.partitionKey)
                    .containsExactly("dev-a", "dev-b", "dev-a");
            assertThat(out.subList(1, 4))
                    .allSatisfy(
                            r -> {
                                assertThat(r.sequenceNumber).isEqualTo("101");
                                assertThat(r.shardId).isEqualTo("shardId-000000000001");
                                assertThat(r.stream).isEqualTo("sensor-readings");
                                assertThat(r.arrivalTime).isEqualTo(ARRIVAL);
                            });
            assertThat(h.getSideOutput(Tags.FAILED)).isNull();

            assertThat(probe.count("kinesisanalytics.kinesisRecordsIn")).isEqualTo(3);
            assertThat(probe.count("kinesisanalytics.userRecordsIn")).isEqualTo(5);
            assertThat(probe.count("kinesisanalytics.aggregatesMalformed")).isZero();
        }
    }

    @Test
    void sendsMalformedAggregatesWholeToErrorsWithTheReasonAndCountsThem() throws Exception {
        MetricsProbe probe = new MetricsProbe();
        byte[] badMd5 = KclAggregates.withBadMd5();
        byte[] badIndex = KclAggregates.withKeyIndexes(3);
        byte[] empty =
                KclAggregates.wrap(
                        Messages.AggregatedRecord.newBuilder().addPartitionKeyTable("k").build());
        try (var h = harness(probe)) {
            h.processElement(Fixtures.raw(badMd5, "1"), ARRIVAL);
            h.processElement(Fixtures.raw(badIndex, "2"), ARRIVAL);
            h.processElement(Fixtures.raw(empty, "3"), ARRIVAL);
            h.processElement(Fixtures.raw("{}", "4"), ARRIVAL);

            assertThat(h.extractOutputValues())
                    .extracting(r -> r.sequenceNumber)
                    .containsExactly("4");
            List<FailedRecord> failed =
                    h.getSideOutput(Tags.FAILED).stream()
                            .map(StreamRecord::getValue)
                            .collect(Collectors.toList());
            assertThat(failed).extracting(f -> f.sequenceNumber).containsExactly("1", "2", "3");
            assertThat(failed)
                    .allSatisfy(
                            f -> {
                                assertThat(f.errorType)
                                        .isEqualTo(ErrorType.MALFORMED_AGGREGATE.name());
                                assertThat(f.payloadEncoding).isEqualTo(FailedRecord.BASE64);
                                assertThat(f.errorMessage)
                                        .startsWith("KPL aggregate cannot be unpacked: ");
                            });
            assertThat(failed.get(0).payloadBytes()).containsExactly(badMd5);
            assertThat(failed.get(1).payloadBytes()).containsExactly(badIndex);
            assertThat(failed)
                    .extracting(f -> f.errorMessage)
                    .satisfiesExactly(
                            m -> assertThat(m).contains("MD5"),
                            m -> assertThat(m).contains("partition_key_index 3"),
                            m -> assertThat(m).contains("no user records"));

            assertThat(probe.count("kinesisanalytics.kinesisRecordsIn")).isEqualTo(4);
            assertThat(probe.count("kinesisanalytics.userRecordsIn")).isEqualTo(1);
            assertThat(probe.count("kinesisanalytics.aggregatesMalformed")).isEqualTo(3);
            assertThat(probe.count("kinesisanalytics.recordsFailed")).isEqualTo(3);
            assertThat(probe.count("kinesisanalytics.error_type.MALFORMED_AGGREGATE.recordsFailed"))
                    .isEqualTo(3);
        }
    }

    /** The next operator's recordsIn is this one's userRecordsIn, record for record. */
    @Test
    void userRecordsOutAreWhatParseAndValidateCountsIn() throws Exception {
        MetricsProbe unpackProbe = new MetricsProbe();
        MetricsProbe parseProbe = new MetricsProbe();
        byte[] agg =
                KclAggregates.of(
                        List.of(
                                Map.entry("a", Fixtures.reading("OK")),
                                Map.entry("b", "not json")));
        try (var unpack = harness(unpackProbe);
                var parse =
                        new OneInputStreamOperatorTestHarness<RawRecord, ValidRecord>(
                                new ProcessOperator<>(
                                        new ParseAndValidate(
                                                Fixtures.SENSORS,
                                                dev.streamlake.udfs.validate.ValidationRules
                                                        .defaults())),
                                parseProbe.environment())) {
            parse.open();
            for (RawRecord r :
                    List.of(
                            Fixtures.raw(agg, "1"),
                            Fixtures.raw(Fixtures.reading("OK"), "2"),
                            Fixtures.raw(
                                    new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2},
                                    "3"))) {
                unpack.processElement(r, ARRIVAL);
            }
            for (RawRecord r : unpack.extractOutputValues()) parse.processElement(r, ARRIVAL);

            assertThat(unpackProbe.count("kinesisanalytics.userRecordsIn"))
                    .isEqualTo(3)
                    .isEqualTo(parseProbe.count("kinesisanalytics.recordsIn"));
            assertThat(parseProbe.count("kinesisanalytics.recordsValid")).isEqualTo(2);
            assertThat(unpackProbe.count("kinesisanalytics.aggregatesMalformed")).isEqualTo(1);
            assertThat(
                            parseProbe.has(
                                    "kinesisanalytics.error_type.MALFORMED_AGGREGATE.recordsFailed"))
                    .as("counted only where it arises")
                    .isFalse();
        }
    }
}
