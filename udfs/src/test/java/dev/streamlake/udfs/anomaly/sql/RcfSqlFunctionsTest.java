package dev.streamlake.udfs.anomaly.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streamlake.udfs.anomaly.AnomalyScorer;
import dev.streamlake.udfs.anomaly.RawKdaForest;
import dev.streamlake.udfs.anomaly.RcfParams;
import dev.streamlake.udfs.sql.EventsView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The issue's SQL, on a small bounded table in streaming mode, against the raw library. */
class RcfSqlFunctionsTest {
    static final int PER_DEVICE = 300;
    static List<Row> events;

    @BeforeAll
    static void events() {
        Random r = new Random(5);
        events = new ArrayList<>();
        for (int i = 0; i < PER_DEVICE; i++) {
            for (String device : List.of("dev-a", "dev-b")) {
                double t =
                        (device.equals("dev-a") ? 20 : 30) + r.nextGaussian() + (i == 250 ? 12 : 0);
                events.add(Row.of(device, 60_000L * i, t, 50 + r.nextGaussian()));
            }
        }
    }

    static StreamTableEnvironment tableEnv() {
        StreamTableEnvironment tEnv = EventsView.of(events);
        tEnv.createTemporarySystemFunction("RCF_SCORE", RcfScore.class);
        tEnv.createTemporarySystemFunction(
                "RCF_SCORE_WITH_EXPLANATION", RcfScoreWithExplanation.class);
        return tEnv;
    }

    /** Expected scores by device and ts, from the raw library with KDA's parameters. */
    static Map<String, Double> rawScores() {
        List<Double> raw = RawKdaForest.scoresPerKey(events, 0, 2, 3);
        Map<String, Double> scores = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            scores.put(events.get(i).getField(0) + "@" + events.get(i).getField(1), raw.get(i));
        }
        return scores;
    }

    @Test
    void rcfScoreOverAWindowEqualsTheRawLibrary() throws Exception {
        List<Row> rows =
                EventsView.collect(
                        tableEnv(),
                        "SELECT device_id, ts, RCF_SCORE(temperature, humidity)"
                                + " OVER (PARTITION BY device_id ORDER BY event_time) AS anomaly_score"
                                + " FROM events");
        Map<String, Double> expected = rawScores();
        assertThat(rows).hasSize(events.size());
        for (Row row : rows) {
            assertThat((Double) row.getField(2))
                    .as("%s at %s", row.getField(0), row.getField(1))
                    .isCloseTo(expected.get(row.getField(0) + "@" + row.getField(1)), within(1e-9));
        }
    }

    @Test
    void explanationVariantGivesTheScoreAndKdasJson() throws Exception {
        List<Row> rows =
                EventsView.collect(
                        tableEnv(),
                        "SELECT device_id, ts, rcf.anomaly_score, rcf.anomaly_explanation FROM ("
                                + " SELECT *, RCF_SCORE_WITH_EXPLANATION('temperature,humidity', temperature,"
                                + " humidity) OVER (PARTITION BY device_id ORDER BY event_time) AS rcf"
                                + " FROM events)");
        Map<String, Double> expected = rawScores();
        Map<String, String> explanationByKey = new HashMap<>();
        for (Row row : rows) {
            String key = row.getField(0) + "@" + row.getField(1);
            assertThat((Double) row.getField(2)).isCloseTo(expected.get(key), within(1e-9));
            explanationByKey.put(key, (String) row.getField(3));
        }
        String spike = explanationByKey.get("dev-a@" + 60_000L * 250);
        assertThat(spike)
                .startsWith("{\"temperature\":{\"DIRECTION\":\"HIGH\"")
                .contains("\"humidity\":{");
    }

    /** What docs/ANOMALY_SCORING.md says: {@code value} is reserved; quoted, it plans. */
    @Test
    void aColumnNamedValueNeedsBackticks() {
        StreamTableEnvironment tEnv = tableEnv();
        String view = " FROM (SELECT device_id, event_time, temperature AS `value` FROM events)";
        String over = " OVER (PARTITION BY device_id ORDER BY event_time) AS anomaly_score";
        assertThatThrownBy(
                        () -> tEnv.explainSql("SELECT device_id, RCF_SCORE(value)" + over + view))
                .hasMessageContaining("SQL parse failed");
        assertThat(tEnv.explainSql("SELECT device_id, RCF_SCORE(`value`)" + over + view))
                .contains("RCF_SCORE(");
    }

    @Test
    void accumulatorSerializerRoundTripsTheForest() {
        RcfAccumulator acc = new RcfAccumulator();
        acc.scorer = AnomalyScorer.create(RcfParams.kdaDefaults(), List.of("x"));
        for (int i = 0; i < 100; i++) acc.last = acc.scorer.scoreThenUpdate(new double[] {i % 7});
        RcfAccumulator copy = new RcfAccumulator.Serializer().copy(acc);
        assertThat(copy.last.score()).isEqualTo(acc.last.score());
        assertThat(copy.last.explanation()).isEqualTo(acc.last.explanation());
        assertThat(copy.scorer.scoreThenUpdate(new double[] {3}).score())
                .isEqualTo(acc.scorer.scoreThenUpdate(new double[] {3}).score());
    }
}
