package dev.streamlake.job.scoring;

import static dev.streamlake.job.record.SensorRows.SCHEMA;
import static dev.streamlake.job.record.SensorRows.in;
import static dev.streamlake.job.record.SensorRows.rowsOf;
import static dev.streamlake.job.scoring.ScoreAnomaliesTest.ANOMALIES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.OnlineScoringConfig;
import dev.streamlake.job.config.ScoreOutputs;
import dev.streamlake.job.config.ScoringConfig;
import dev.streamlake.job.metrics.MetricsProbe;
import dev.streamlake.udfs.anomaly.RcfProfile;
import dev.streamlake.udfs.anomaly.flag.FlagPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * The adaptive flag rule and the LRU of live forests in the operator: evicting a forest to keyed
 * state and restoring a checkpoint both continue exactly, scores and flags alike.
 */
class ScoreAnomaliesFleetTest {
    static final int KEYS = 6;
    static final int LIVE = 4;

    /**
     * Readings of {@link #KEYS} devices of different levels, each with a few spikes: devices 0–2
     * send most readings, 3–5 one in ten, so that with {@link #LIVE} live forests the rare ones
     * keep evicting (a round robin over more keys than live forests would evict on every record).
     */
    static List<Row> readings(int n) {
        Random r = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int device = i % 10 == 9 ? 3 + (i / 10) % 3 : i % 3;
            double level = 10 + 40 * device;
            double temperature = level + (1 + device) * r.nextGaussian();
            if (i % 197 == 196) temperature += 12 * (1 + device);
            rows.add(Row.of("dev-" + device, 1_000L * i, temperature, 50 + 5 * r.nextGaussian()));
        }
        return rows;
    }

    /** The fleet profile's small forests: a restore costs milliseconds, not tens of them. */
    static final ScoringConfig FLEET =
            new ScoringConfig(
                    true,
                    ScoreAnomaliesTest.FEATURES,
                    SCHEMA,
                    RcfProfile.FLEET.builder().build(),
                    3.0,
                    ScoreAnomaliesTest.TTL);

    static OnlineScoringConfig adaptive(int liveForests) {
        return new OnlineScoringConfig(FlagPolicy.defaults(3.0), RcfProfile.FLEET, liveForests);
    }

    static KeyedOneInputStreamOperatorTestHarness<
                    String,
                    dev.streamlake.job.record.ValidRecord,
                    dev.streamlake.job.record.ValidRecord>
            harness(OnlineScoringConfig online, MetricsProbe probe) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new ScoreAnomalies(
                        FLEET, ScoreOutputs.defaults(), online, SCHEMA.size(), ANOMALIES),
                new KeyColumn(SCHEMA.keyIndex()),
                Types.STRING,
                probe.environment());
    }

    /** Scores of every row, then the event times of the flagged rows. */
    static final class Run {
        final List<Object> scores = new ArrayList<>();
        final List<Object> flagged = new ArrayList<>();
    }

    static void feed(
            KeyedOneInputStreamOperatorTestHarness<
                            String,
                            dev.streamlake.job.record.ValidRecord,
                            dev.streamlake.job.record.ValidRecord>
                    h,
            List<Row> rows,
            Run into)
            throws Exception {
        h.getOutput().clear();
        for (Row row : rows) h.processElement(in(row));
        for (Row out : rowsOf(h.extractOutputValues()))
            into.scores.add(out.getField(SCHEMA.size()));
        if (h.getSideOutput(ANOMALIES) != null) {
            h.getSideOutput(ANOMALIES)
                    .forEach(r -> into.flagged.add(r.getValue().row().getField(1)));
            h.getSideOutput(ANOMALIES).clear();
        }
    }

    @Test
    void evictingAndRestoringForestsScoresAndFlagsLikeAnUninterruptedRun() throws Exception {
        List<Row> rows = readings(2400);
        Run uninterrupted = new Run();
        try (var h = harness(adaptive(1000), new MetricsProbe())) {
            h.open();
            feed(h, rows, uninterrupted);
        }
        assertThat(uninterrupted.flagged)
                .as("the spikes are flagged")
                .hasSizeGreaterThanOrEqualTo(3);

        Run resumed = new Run();
        MetricsProbe probe = new MetricsProbe();
        OperatorSubtaskState checkpoint;
        try (var h = harness(adaptive(LIVE), probe)) {
            h.open();
            feed(h, rows.subList(0, 1700), resumed);
            assertThat(probe.count("forestsEvicted")).isGreaterThan(100);
            assertThat((Integer) probe.value("forestsInMemory")).isEqualTo(LIVE);
            checkpoint = h.snapshot(1L, 1L);
            feed(
                    h,
                    rows.subList(1700, 1800),
                    new Run()); // processed after the checkpoint, then lost
        }
        try (var h = harness(adaptive(LIVE), new MetricsProbe())) {
            h.setup();
            h.initializeState(checkpoint);
            h.open();
            feed(h, rows.subList(1700, 2400), resumed);
        }
        assertThat(resumed.scores).containsExactlyElementsOf(uninterrupted.scores);
        assertThat(resumed.flagged).containsExactlyElementsOf(uninterrupted.flagged);
    }
}
