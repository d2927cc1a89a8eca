package dev.streamlake.job.pipeline;

import static dev.streamlake.job.pipeline.Fixtures.ARRIVAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlake.job.metrics.MetricsProbe;
import dev.streamlake.job.source.KclAggregates;
import dev.streamlake.udfs.record.RawRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * "Unpack KPL aggregates" declines checkpoints once a later operator has thrown on one of an
 * aggregate's user records: a checkpoint then would hold the user records before it, with the
 * source still before the aggregate (RealProducersIT found them twice after the restore).
 */
class UnpackAggregatesCheckpointTest {
    private static final byte[] AGGREGATE =
            KclAggregates.of(
                    List.of(
                            Map.entry("dev-a", "{\"n\":1}"),
                            Map.entry("dev-b", "{\"n\":2}"),
                            Map.entry("dev-c", "{\"n\":3}")));

    @Test
    void checkpointsBetweenRecordsAndWholeAggregates() throws Exception {
        try (var h =
                new OneInputStreamOperatorTestHarness<RawRecord, RawRecord>(
                        new ProcessOperator<>(new UnpackAggregates()),
                        new MetricsProbe().environment())) {
            h.open();
            h.processElement(Fixtures.raw("{\"n\":0}", "100"), ARRIVAL);
            h.snapshot(1, 1);
            h.processElement(Fixtures.raw(AGGREGATE, "101"), ARRIVAL);
            h.snapshot(2, 2);
            assertThat(h.extractOutputValues()).hasSize(4);
        }
    }

    @Test
    void declinesCheckpointsAfterAnAggregateSentOnlyInPart() throws Exception {
        UnpackAggregates unpack = new UnpackAggregates();
        try (var h =
                new OneInputStreamOperatorTestHarness<RawRecord, RawRecord>(
                        new ProcessOperator<>(unpack), new MetricsProbe().environment())) {
            h.open();
            List<RawRecord> sent = new ArrayList<>();
            Collector<RawRecord> failsOnTheSecond =
                    new Collector<>() {
                        @Override
                        public void collect(RawRecord r) {
                            if (sent.size() == 1)
                                throw new IllegalStateException("a later operator failed");
                            sent.add(r);
                        }

                        @Override
                        public void close() {}
                    };
            // A valid aggregate needs no context: only malformed ones use the side output.
            assertThatThrownBy(
                            () ->
                                    unpack.processElement(
                                            Fixtures.raw(AGGREGATE, "101"), null, failsOnTheSecond))
                    .hasMessage("a later operator failed");
            assertThat(sent).hasSize(1);
            assertThatThrownBy(() -> h.snapshot(3, 3)).hasStackTraceContaining("declined");
        }
    }
}
