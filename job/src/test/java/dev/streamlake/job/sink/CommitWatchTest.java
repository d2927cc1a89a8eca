package dev.streamlake.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.metrics.MetricsProbe;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Data freshness and event-time lag, on the operator's own clock (the harness's processing time).
 */
class CommitWatchTest {
    private static final String FRESHNESS = "kinesisanalytics.table.events.dataFreshness";
    private static final String LAG = "kinesisanalytics.table.events.eventTimeLag";

    private final MetricsProbe probe = new MetricsProbe();

    private OneInputStreamOperatorTestHarness<String, String> open(boolean eventTime)
            throws Exception {
        var h =
                new OneInputStreamOperatorTestHarness<>(
                        new CommitWatch<String>("events", eventTime), probe.environment());
        h.setProcessingTime(1_000);
        h.open();
        return h;
    }

    @Test
    void freshnessIsTheAgeOfTheOldestRecordNoCompletedCheckpointCovers() throws Exception {
        try (var h = open(true)) {
            assertThat(probe.value(FRESHNESS)).as("nothing written").isEqualTo(0L);

            h.processElement("a", 0); // oldest of checkpoint 1's epoch
            h.setProcessingTime(3_000);
            h.processElement("b", 0);
            assertThat(probe.value(FRESHNESS)).isEqualTo(2_000L);

            h.snapshot(1, 3_500); // barrier 1: a, b are in its files
            h.setProcessingTime(4_000);
            h.processElement("c", 0); // epoch of checkpoint 2
            h.setProcessingTime(6_000);
            assertThat(probe.value(FRESHNESS))
                    .as("checkpoint 1 not complete yet")
                    .isEqualTo(5_000L);

            h.notifyOfCompletedCheckpoint(1); // a, b committed
            assertThat(probe.value(FRESHNESS)).as("only c pending").isEqualTo(2_000L);

            h.snapshot(2, 6_500);
            h.notifyOfCompletedCheckpoint(2);
            assertThat(probe.value(FRESHNESS)).as("everything committed").isEqualTo(0L);
            assertThat(h.extractOutputValues()).containsExactly("a", "b", "c");
        }
    }

    @Test
    void anAbortedCheckpointsRecordsStayPendingUntilALaterOneCompletes() throws Exception {
        try (var h = open(true)) {
            h.processElement("a", 0);
            h.snapshot(1, 1_100);
            h.getOneInputOperator().notifyCheckpointAborted(1);
            h.setProcessingTime(2_000);
            h.processElement("b", 0);
            h.snapshot(2, 2_100);
            h.setProcessingTime(5_000);
            assertThat(probe.value(FRESHNESS)).isEqualTo(4_000L);

            h.notifyOfCompletedCheckpoint(2); // subsumes 1: its files are committed now
            assertThat(probe.value(FRESHNESS)).isEqualTo(0L);
        }
    }

    @Test
    void eventTimeLagIsNowMinusTheLastWatermarkPassedOn() throws Exception {
        try (var h = open(true)) {
            assertThat(probe.value(LAG)).as("no watermark yet").isEqualTo(-1L);

            h.processWatermark(new Watermark(400));
            h.setProcessingTime(10_000);
            assertThat(probe.value(LAG)).isEqualTo(9_600L);
            assertThat(h.getOutput()).contains(new Watermark(400));

            h.processWatermark(Watermark.MAX_WATERMARK); // end of input: not a lag
            assertThat(probe.value(LAG)).isEqualTo(9_600L);
        }
    }

    @Test
    void tablesWithoutWatermarksReportNoLag() throws Exception {
        try (var h = open(false)) {
            assertThat(probe.has(FRESHNESS)).isTrue();
            assertThat(probe.has(LAG)).isFalse();
        }
    }
}
