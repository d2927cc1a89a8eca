package dev.streamlake.job.scoring;

import static dev.streamlake.job.record.MidStreamRestore.resumedOutput;
import static dev.streamlake.job.record.MidStreamRestore.uninterruptedRun;
import static dev.streamlake.job.record.SensorRows.SCHEMA;
import static dev.streamlake.job.record.SensorRows.in;
import static dev.streamlake.job.record.SensorRows.rowsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.OnlineScoringConfig;
import dev.streamlake.job.config.ScoreOutputOptions.Explain;
import dev.streamlake.job.config.ScoreOutputs;
import dev.streamlake.job.config.ScoringConfig;
import dev.streamlake.job.record.MidStreamRestore;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.udfs.anomaly.RawKdaForest;
import dev.streamlake.udfs.anomaly.RcfParams;
import dev.streamlake.udfs.anomaly.RcfProfile;
import dev.streamlake.udfs.anomaly.flag.FlagPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class ScoreAnomaliesTest {
    static final List<String> FEATURES = List.of("temperature", "humidity");
    static final Duration TTL = Duration.ofHours(1);
    static final OutputTag<ValidRecord> ANOMALIES =
            ScoreAnomalies.anomaliesTag(
                    ValidRecord.typeInfo(SCHEMA.withColumns(ScoringConfig.columns())));

    static ScoringConfig config(double threshold) {
        return new ScoringConfig(true, FEATURES, SCHEMA, RcfParams.kdaDefaults(), threshold, TTL);
    }

    /** The fixed rule at this threshold: flags are exactly the scores at or over it. */
    static OnlineScoringConfig fixed(double threshold) {
        return new OnlineScoringConfig(FlagPolicy.fixed(threshold), RcfProfile.KDA, 1000);
    }

    /** Every row explained, as KDA's RANDOM_CUT_FOREST_WITH_EXPLANATION; the fixed flag rule. */
    static KeyedOneInputStreamOperatorTestHarness<String, ValidRecord, ValidRecord> harness(
            double threshold) throws Exception {
        return harness(threshold, Explain.ALL);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, ValidRecord, ValidRecord> harness(
            double threshold, Explain explain) throws Exception {
        return harness(threshold, new ScoreOutputs(explain), fixed(threshold));
    }

    static KeyedOneInputStreamOperatorTestHarness<String, ValidRecord, ValidRecord> harness(
            double threshold, OnlineScoringConfig online) throws Exception {
        return harness(threshold, new ScoreOutputs(Explain.ALL), online);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, ValidRecord, ValidRecord> harness(
            double threshold, ScoreOutputs outputs, OnlineScoringConfig online) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new ScoreAnomalies(config(threshold), outputs, online, SCHEMA.size(), ANOMALIES),
                new KeyColumn(SCHEMA.keyIndex()),
                Types.STRING);
    }

    /** Readings of two devices, interleaved; every 250th reading of dev-b is 15 degrees too hot. */
    static List<Row> readings(int n) {
        Random r = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String device = i % 2 == 0 ? "dev-a" : "dev-b";
            double temperature = (device.equals("dev-a") ? 20 : 30) + r.nextGaussian();
            if (device.equals("dev-b") && i % 500 == 499) temperature += 15;
            rows.add(Row.of(device, 1_000L * i, temperature, 50 + 5 * r.nextGaussian()));
        }
        return rows;
    }

    static List<Row> run(
            KeyedOneInputStreamOperatorTestHarness<String, ValidRecord, ValidRecord> h,
            List<Row> rows)
            throws Exception {
        h.getOutput().clear();
        for (Row row : rows) h.processElement(in(row));
        return rowsOf(h.extractOutputValues());
    }

    static List<Double> scores(List<Row> out) {
        List<Double> scores = new ArrayList<>();
        for (Row row : out) scores.add((Double) row.getField(SCHEMA.size()));
        return scores;
    }

    @Test
    void scoresEqualTheRawLibrarysPerKey() throws Exception {
        List<Row> rows = readings(1200);
        List<Double> expected = RawKdaForest.scoresPerKey(rows, 0, 2, 3);
        try (var h = harness(Double.MAX_VALUE)) {
            h.open();
            assertThat(scores(run(h, rows))).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void appendsScoreAndExplanationKeepingTheRow() throws Exception {
        try (var h = harness(Double.MAX_VALUE)) {
            h.open();
            List<Row> out = run(h, readings(200));
            Row last = out.get(199);
            assertThat(last.getArity()).isEqualTo(SCHEMA.size() + 2);
            assertThat(last.getField(0)).isEqualTo("dev-b");
            assertThat(last.getField(1)).isEqualTo(199_000L);
            assertThat((Double) last.getField(4)).isPositive();
            assertThat((String) last.getField(5)).startsWith("{\"temperature\":{\"DIRECTION\":");
        }
    }

    @Test
    void restoringMidStreamScoresLikeAnUninterruptedRun() throws Exception {
        List<Row> rows = readings(1000);
        List<Double> uninterrupted =
                uninterruptedRun(
                        () -> harness(Double.MAX_VALUE), rows, (h, all) -> scores(run(h, all)));
        List<Double> resumed =
                resumedOutput(
                        () -> harness(Double.MAX_VALUE),
                        rows,
                        400,
                        50,
                        (h, part) -> scores(run(h, part)));
        assertThat(resumed).containsExactlyElementsOf(uninterrupted);
    }

    @Test
    void rowsAtOrOverTheThresholdAlsoGoToTheAnomaliesOutput() throws Exception {
        try (var h = harness(2.0)) {
            h.open();
            List<Row> out = run(h, readings(1000));
            List<Row> flagged = new ArrayList<>();
            h.getSideOutput(ANOMALIES).forEach(r -> flagged.add(r.getValue().row()));
            assertThat(flagged)
                    .isNotEmpty()
                    .allMatch(r -> (Double) r.getField(4) >= 2.0)
                    .contains(out.get(999)); // the injected spike of dev-b
            assertThat(out.stream().filter(r -> (Double) r.getField(4) >= 2.0))
                    .hasSameSizeAs(flagged);
        }
    }

    /**
     * scoring.explain=FLAGGED (the default) explains exactly the rows of the anomalies table, with
     * the explanation ALL gives them; every score and every flag is ALL's. NONE explains nothing.
     */
    @Test
    void explainingFlaggedRowsOnlyChangesNoScoreNorFlag() throws Exception {
        assertThat(ScoreOutputs.defaults().explain()).isEqualTo(Explain.FLAGGED);
        List<Row> rows = readings(1200);
        Map<Explain, List<Row>> out = new HashMap<>();
        Map<Explain, List<Row>> flagged = new HashMap<>();
        for (Explain explain : Explain.values()) {
            try (var h = harness(1.6, explain)) {
                h.open();
                out.put(explain, run(h, rows));
                List<Row> side = new ArrayList<>();
                h.getSideOutput(ANOMALIES).forEach(r -> side.add(r.getValue().row()));
                flagged.put(explain, side);
            }
        }
        List<Row> all = out.get(Explain.ALL);
        assertThat(flagged.get(Explain.ALL)).hasSizeBetween(2, 120);
        for (Explain explain : List.of(Explain.FLAGGED, Explain.NONE)) {
            assertThat(scores(out.get(explain)))
                    .as(explain + ": scores")
                    .containsExactlyElementsOf(scores(all));
            assertThat(scores(flagged.get(explain)))
                    .as(explain + ": flags")
                    .containsExactlyElementsOf(scores(flagged.get(Explain.ALL)));
        }
        for (int i = 0; i < rows.size(); i++) {
            Row a = all.get(i);
            Object explanation = out.get(Explain.FLAGGED).get(i).getField(5);
            if ((Double) a.getField(4) >= 1.6)
                assertThat(explanation).isEqualTo(a.getField(5)).isNotNull();
            else assertThat(explanation).isNull();
            assertThat(out.get(Explain.NONE).get(i).getField(5)).isNull();
            assertThat(out.get(Explain.NONE).get(i).getArity()).isEqualTo(a.getArity());
        }
        assertThat(flagged.get(Explain.FLAGGED)).allMatch(r -> r.getField(5) != null);
    }

    /**
     * scoring.trcf-outputs: three more columns from the thresholded forest; the scores are the
     * plain run's, and a restore mid-stream continues scores and grades exactly.
     */
    @Test
    void trcfOutputsAreColumnsAndSurviveARestore() throws Exception {
        List<Row> rows = readings(1000);
        List<Double> plain;
        try (var h = harness(Double.MAX_VALUE)) {
            h.open();
            plain = scores(run(h, rows));
        }
        ScoreOutputs trcf = new ScoreOutputs(Explain.FLAGGED, true);
        OutputTag<ValidRecord> tag =
                ScoreAnomalies.anomaliesTag(
                        ValidRecord.typeInfo(SCHEMA.withColumns(trcf.columns())));
        MidStreamRestore.Harnesses graded =
                () ->
                        new KeyedOneInputStreamOperatorTestHarness<>(
                                new ScoreAnomalies(
                                        config(3.0), trcf, fixed(3.0), SCHEMA.size(), tag),
                                new KeyColumn(SCHEMA.keyIndex()),
                                Types.STRING);
        List<Row> uninterrupted = uninterruptedRun(graded, rows, ScoreAnomaliesTest::run);
        assertThat(uninterrupted.get(0).getArity()).isEqualTo(SCHEMA.size() + 5);
        assertThat(scores(uninterrupted)).containsExactlyElementsOf(plain);
        assertThat(uninterrupted)
                .allSatisfy(r -> assertThat((Double) r.getField(6)).isBetween(0.0, 1.0));
        assertThat(uninterrupted.get(999).getField(6))
                .as("dev-b's spike is graded")
                .isNotEqualTo(0.0);
        List<Row> resumed = resumedOutput(graded, rows, 400, 0, ScoreAnomaliesTest::run);
        assertThat(resumed).containsExactlyElementsOf(uninterrupted);
    }

    @Test
    void aMissingFeatureGivesNullScoreAndTeachesNothing() throws Exception {
        try (var h = harness(0.0)) {
            h.open();
            h.processElement(in(Row.of("dev-a", 1L, null, 50.0)));
            Row out = h.extractOutputValues().get(0).row();
            assertThat(out.getField(4)).isNull();
            assertThat(out.getField(5)).isNull();
            assertThat(h.getSideOutput(ANOMALIES)).isNullOrEmpty();
        }
    }

    /**
     * The real forest fed features near ±Double.MAX_VALUE: its arithmetic overflows (the score was
     * written as the JSON string "NaN"); the score and the attributions are null instead, counted,
     * and the row still goes on.
     */
    @Test
    void nonFiniteScoresAndAttributionsAreNullAndCounted() throws Exception {
        dev.streamlake.job.metrics.MetricsProbe probe =
                new dev.streamlake.job.metrics.MetricsProbe();
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new ScoreAnomalies(
                                config(0.0),
                                new ScoreOutputs(Explain.ALL),
                                fixed(0.0),
                                SCHEMA.size(),
                                ANOMALIES),
                        new KeyColumn(SCHEMA.keyIndex()),
                        Types.STRING,
                        probe.environment())) {
            h.open();
            Random r = new Random(5);
            List<Row> out = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                double big =
                        (r.nextBoolean() ? 1 : -1)
                                * Double.MAX_VALUE
                                * (0.5 + r.nextDouble() / 2); // ±1.8e308
                // and at the scorer's limit, which the forest must take without overflowing
                double edge =
                        (r.nextBoolean() ? 1 : -1)
                                * dev.streamlake.udfs.anomaly.AnomalyScorer.FEATURE_LIMIT;
                double t = i % 3 == 0 ? big : i % 7 == 0 ? edge : 20.0;
                double hum = i % 5 == 0 ? -big : i % 11 == 0 ? -edge : 50.0;
                h.processElement(in(Row.of("dev-a", 1_000L * i, t, hum)));
            }
            out.addAll(rowsOf(h.extractOutputValues()));
            assertThat(out).hasSize(300);
            for (Row row : out) {
                Object score = row.getField(4);
                assertThat(score == null || Double.isFinite((Double) score))
                        .as("score %s", score)
                        .isTrue();
                String explanation = (String) row.getField(5);
                if (explanation != null) {
                    assertThat(explanation).doesNotContain("NaN").doesNotContain("Infinity");
                    assertThat(
                                    new com.fasterxml.jackson.databind.ObjectMapper()
                                            .readTree(explanation)
                                            .isObject())
                            .isTrue();
                }
            }
            long nulls = out.stream().filter(row -> row.getField(4) == null).count();
            assertThat(nulls).as("scores the overflow made null").isPositive();
            assertThat(probe.count("kinesisanalytics.scoresNonFinite"))
                    .isGreaterThanOrEqualTo(nulls);
            assertThat(h.getSideOutput(ANOMALIES) == null ? 0 : h.getSideOutput(ANOMALIES).size())
                    .as("a null score is no anomaly")
                    .isLessThanOrEqualTo(
                            (int) out.stream().filter(row -> row.getField(4) != null).count());
        }
    }

    @Test
    void idleKeysAreForgottenAfterTheTtl() throws Exception {
        try (var h = harness(Double.MAX_VALUE)) {
            h.open();
            h.setProcessingTime(0);
            run(h, readings(100));
            h.snapshot(1L, 1L); // writes the forests' bytes to keyed state
            assertThat(h.numKeyedStateEntries()).isEqualTo(4); // 2 keys x (forest, last seen)
            h.setProcessingTime(TTL.toMillis() / 2);
            h.processElement(in(Row.of("dev-a", 0L, 20.0, 50.0)));
            h.setProcessingTime(TTL.toMillis()); // dev-b expires; dev-a was seen half a TTL ago
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
            h.setProcessingTime(TTL.toMillis() * 2);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }
}
