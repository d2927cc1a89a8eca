package dev.streamlake.udfs.anomaly.sql;

import dev.streamlake.udfs.anomaly.AnomalyScorer;
import dev.streamlake.udfs.anomaly.RcfParams;
import dev.streamlake.udfs.sql.SqlPoints;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.types.Row;

/**
 * {@code RCF_SCORE_WITH_EXPLANATION('temperature,humidity', temperature, humidity)}: KDA SQL's
 * {@code RANDOM_CUT_FOREST_WITH_EXPLANATION}, as a {@code ROW<anomaly_score DOUBLE,
 * anomaly_explanation STRING>}. The first argument names the features for the explanation JSON (SQL
 * functions do not see column names), comma-separated:
 *
 * <pre>{@code
 * SELECT device_id, rcf.anomaly_score, rcf.anomaly_explanation FROM (
 *   SELECT *, RCF_SCORE_WITH_EXPLANATION('temperature,humidity', temperature, humidity)
 *               OVER (PARTITION BY device_id ORDER BY event_time) AS rcf
 *   FROM events)
 * }</pre>
 *
 * Same parameters, forest and window rules as {@link RcfScore}; the same seed gives the same
 * scores.
 */
@FunctionHint(
        accumulator =
                @DataTypeHint(
                        value = "RAW",
                        bridgedTo = RcfAccumulator.class,
                        rawSerializer = RcfAccumulator.Serializer.class),
        output = @DataTypeHint("ROW<anomaly_score DOUBLE, anomaly_explanation STRING>"))
public class RcfScoreWithExplanation extends AggregateFunction<Row, RcfAccumulator> {
    private static final long serialVersionUID = 1L;

    private final RcfParams params;

    public RcfScoreWithExplanation() {
        this(RcfParams.kdaDefaults());
    }

    public RcfScoreWithExplanation(RcfParams params) {
        this.params = params;
    }

    @Override
    public RcfAccumulator createAccumulator() {
        return new RcfAccumulator();
    }

    public void accumulate(
            RcfAccumulator acc, String names, @DataTypeHint("DOUBLE") Double... values) {
        if (acc.scorer == null)
            acc.scorer = AnomalyScorer.create(params, features(names, values.length));
        acc.last = acc.scorer.scoreThenUpdate(SqlPoints.of(values));
    }

    @Override
    public Row getValue(RcfAccumulator acc) {
        return Row.of(acc.last.scoreOrNull(), acc.last.explanation());
    }

    /** The given names, or c1..cn when they do not match the values. */
    static List<String> features(String names, int n) {
        List<String> out = new ArrayList<>();
        if (names != null) {
            for (String name : names.split(",")) out.add(name.trim());
        }
        return out.size() == n ? out : RcfScore.names(n);
    }
}
