package dev.streamlake.udfs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.returntypes.DiVector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyScorerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ONE = List.of("temperature");
    private static final List<String> THREE = List.of("temperature", "humidity", "pressure");

    /** Gaussian points around 20/50/1000, with every 300th point pushed up in its first column. */
    static List<double[]> points(int n, int dims, long seed) {
        Random r = new Random(seed);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] p = new double[dims];
            for (int d = 0; d < dims; d++)
                p[d] = (d == 0 ? 20 : d == 1 ? 50 : 1000) + r.nextGaussian();
            if (i % 300 == 299) p[0] += 15;
            out.add(p);
        }
        return out;
    }

    @Test
    void scoresEqualTheRawLibraryForTheSameSeedAndPoints() {
        for (List<String> features : List.of(ONE, THREE)) {
            RandomCutForest raw = RawKdaForest.create(features.size(), 1, RawKdaForest.KDA_SEED);
            AnomalyScorer scorer = AnomalyScorer.create(RcfParams.kdaDefaults(), features);
            for (double[] p : points(1500, features.size(), 7)) {
                double expected = raw.getAnomalyScore(p);
                raw.update(p);
                assertThat(scorer.scoreThenUpdate(p).score()).isEqualTo(expected);
            }
        }
    }

    @Test
    void scoresEqualTheRawLibraryWithAShingle() {
        RandomCutForest raw = RawKdaForest.create(3, 4, 9);
        AnomalyScorer scorer =
                AnomalyScorer.create(RcfParams.builder().shingleSize(4).seed(9).build(), THREE);
        for (double[] p : points(800, 3, 3)) {
            double expected = raw.getAnomalyScore(p);
            raw.update(p);
            assertThat(scorer.scoreOnlyThenUpdate(p).score()).isEqualTo(expected);
        }
    }

    @Test
    void scoresAreZeroUntilOutputAfterPoints() {
        AnomalyScorer scorer =
                AnomalyScorer.create(RcfParams.builder().outputAfter(10).build(), ONE);
        List<double[]> points = points(12, 1, 1);
        for (int i = 0; i < 10; i++)
            assertThat(scorer.scoreThenUpdate(points.get(i)).score()).isZero();
        assertThat(scorer.scoreThenUpdate(points.get(10)).score()).isPositive();
    }

    @Test
    void explanationHasKdasShapeAndSumsToTheScore() throws Exception {
        AnomalyScorer scorer = AnomalyScorer.create(RcfParams.kdaDefaults(), THREE);
        AnomalyResult spike = null;
        List<double[]> points = points(600, 3, 5);
        for (int i = 0; i < points.size(); i++) {
            AnomalyResult r = scorer.scoreThenUpdate(points.get(i));
            if (i == 599) spike = r;
        }
        JsonNode json = JSON.readTree(spike.explanation());
        assertThat(json.size()).isEqualTo(3);
        double sum = 0;
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            JsonNode col = json.get(it.next());
            assertThat(col.get("DIRECTION").asText()).isIn("HIGH", "LOW");
            assertThat(Double.parseDouble(col.get("STRENGTH").asText())).isBetween(0.0, 1.0);
            sum += Double.parseDouble(col.get("ATTRIBUTION_SCORE").asText());
        }
        assertThat(sum).isCloseTo(spike.score(), within(1e-12));
        // the spike was in temperature, upwards: that column carries most of the score
        JsonNode temperature = json.get("temperature");
        assertThat(temperature.get("DIRECTION").asText()).isEqualTo("HIGH");
        assertThat(Double.parseDouble(temperature.get("ATTRIBUTION_SCORE").asText()))
                .isGreaterThan(spike.score() / 2);
    }

    @Test
    void warmUpRowsCarryNoDirection() throws Exception {
        AnomalyScorer scorer =
                AnomalyScorer.create(RcfParams.builder().outputAfter(10).build(), THREE);
        List<double[]> points = points(11, 3, 1);
        for (int i = 0; i < 10; i++) {
            AnomalyResult r = scorer.scoreThenUpdate(points.get(i));
            assertThat(r.score()).isZero();
            JsonNode json = JSON.readTree(r.explanation());
            assertThat(json.size()).as("every feature appears").isEqualTo(3);
            for (JsonNode col : json) {
                assertThat(col.has("DIRECTION")).as(r.explanation()).isFalse();
                assertThat(col.get("STRENGTH").asText()).isEqualTo("0");
                assertThat(col.get("ATTRIBUTION_SCORE").asText()).isEqualTo("0");
            }
        }
        assertThat(
                        JSON.readTree(scorer.scoreThenUpdate(points.get(10)).explanation())
                                .get("temperature")
                                .has("DIRECTION"))
                .isTrue();
    }

    @Test
    void explanationNumbersArePlainDecimals() throws Exception {
        AnomalyScorer scorer = AnomalyScorer.create(RcfParams.kdaDefaults(), THREE);
        for (double[] p : points(1000, 3, 5)) {
            String json = scorer.scoreThenUpdate(p).explanation();
            for (JsonNode col : JSON.readTree(json)) {
                assertThat(col.get("STRENGTH").asText()).as(json).matches("0|1|0\\.\\d+");
                assertThat(col.get("ATTRIBUTION_SCORE").asText())
                        .as(json)
                        .matches("0|\\d+(\\.\\d+)?");
            }
        }
        // Attributions this small, which Double.toString writes as 1.0E-4, occur on real series.
        DiVector attribution = new DiVector(2);
        attribution.high[0] = 1.0E-4;
        attribution.low[1] = 2.5E-10;
        String json = Explanation.toJson(List.of("a", "b"), attribution, 1.0E-4 + 2.5E-10);
        assertThat(json)
                .isEqualTo(
                        "{\"a\":{\"DIRECTION\":\"HIGH\",\"STRENGTH\":\"1\",\"ATTRIBUTION_SCORE\":\"0.0001\"},"
                                + "\"b\":{\"DIRECTION\":\"LOW\",\"STRENGTH\":\"1\",\"ATTRIBUTION_SCORE\":\"0.00000000025\"}}");
        assertThat(Explanation.plain(1.25E7)).isEqualTo("12500000");
        assertThat(Explanation.plain(3.0)).isEqualTo("3");
        assertThat(Explanation.plain(-0.0)).isEqualTo("0");
        for (double v :
                new double[] {1.0E-4, 0.1 + 0.2, Math.PI * 1e-9, 123456.789, Double.MIN_VALUE}) {
            assertThat(Double.parseDouble(Explanation.plain(v)))
                    .as("reads back exactly")
                    .isEqualTo(v);
        }
    }

    @Test
    void explainingOnlySomeRowsChangesNoScore() {
        AnomalyScorer all = AnomalyScorer.create(RcfParams.kdaDefaults(), THREE);
        AnomalyScorer flagged = AnomalyScorer.create(RcfParams.kdaDefaults(), THREE);
        int explained = 0;
        for (double[] p : points(1500, 3, 13)) {
            AnomalyResult expected = all.scoreThenUpdate(p);
            AnomalyResult actual = flagged.scoreThenUpdate(p, score -> score >= 1.5);
            assertThat(actual.score()).isEqualTo(expected.score());
            if (expected.score() >= 1.5) {
                explained++;
                assertThat(actual.explanation()).isEqualTo(expected.explanation());
            } else {
                assertThat(actual.explanation()).isNull();
            }
        }
        assertThat(explained).isBetween(1, 100);
    }

    @Test
    void restoredScorerScoresExactlyAsAnUninterruptedOne() {
        RcfParams params = RcfParams.builder().shingleSize(2).build();
        AnomalyScorer uninterrupted = AnomalyScorer.create(params, THREE);
        AnomalyScorer beforeRestart = AnomalyScorer.create(params, THREE);
        List<double[]> points = points(1200, 3, 11);
        for (double[] p : points.subList(0, 500)) {
            uninterrupted.scoreThenUpdate(p);
            beforeRestart.scoreThenUpdate(p);
        }
        AnomalyScorer restored = AnomalyScorer.restore(THREE, beforeRestart.toBytes());
        assertThat(restored.updates()).isEqualTo(500);
        for (double[] p : points.subList(500, 1200)) {
            AnomalyResult expected = uninterrupted.scoreThenUpdate(p);
            AnomalyResult actual = restored.scoreThenUpdate(p);
            assertThat(actual.score()).isEqualTo(expected.score());
            assertThat(actual.explanation()).isEqualTo(expected.explanation());
        }
    }

    @Test
    void restoreRejectsAForestOfOtherFeatures() {
        byte[] oneDimensional = AnomalyScorer.create(RcfParams.kdaDefaults(), ONE).toBytes();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AnomalyScorer.restore(THREE, oneDimensional))
                .withMessageContaining("saved forest has 1 dimensions");
    }

    @Test
    void pointsWithMissingFeaturesAreNeitherScoredNorLearned() {
        AnomalyScorer scorer = AnomalyScorer.create(RcfParams.kdaDefaults(), THREE);
        scorer.scoreThenUpdate(new double[] {20, 50, 1000});
        for (double[] bad :
                new double[][] {
                    {Double.NaN, 50, 1000}, {20, Double.POSITIVE_INFINITY, 1000}, {20, 50}, null
                }) {
            AnomalyResult r = scorer.scoreThenUpdate(bad);
            assertThat(r.skipped()).isTrue();
            assertThat(r.scoreOrNull()).isNull();
            assertThat(r.explanation()).isNull();
        }
        assertThat(scorer.updates()).isEqualTo(1);
    }
}
