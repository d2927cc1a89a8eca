package dev.streamlake.udfs.anomaly.sql;

import dev.streamlake.udfs.anomaly.AnomalyScorer;
import dev.streamlake.udfs.anomaly.RcfParams;
import dev.streamlake.udfs.sql.SqlPoints;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code RCF_SCORE(x1, x2, ...)}: KDA SQL's {@code RANDOM_CUT_FOREST} anomaly score as a Flink SQL
 * aggregate for OVER windows, one forest per partition:
 *
 * <pre>{@code
 * SELECT *, RCF_SCORE(temperature, humidity)
 *             OVER (PARTITION BY device_id ORDER BY event_time) AS anomaly_score
 * FROM events
 * }</pre>
 *
 * Each row is scored, then learned. Registered by class name it uses KDA's defaults ({@link
 * RcfParams#kdaDefaults()}); other parameters by registering an instance ({@code new
 * RcfScore(params)}). A row with a NULL feature scores NULL and is not learned. Only {@code
 * UNBOUNDED PRECEDING} windows: a forest cannot forget one given point. Under {@code RANGE} (the
 * default), rows of a partition with equal ORDER BY values all get the last one's score; use {@code
 * ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW} if times tie.
 */
@FunctionHint(
        accumulator =
                @DataTypeHint(
                        value = "RAW",
                        bridgedTo = RcfAccumulator.class,
                        rawSerializer = RcfAccumulator.Serializer.class))
public class RcfScore extends AggregateFunction<Double, RcfAccumulator> {
    private static final long serialVersionUID = 1L;

    private final RcfParams params;

    public RcfScore() {
        this(RcfParams.kdaDefaults());
    }

    public RcfScore(RcfParams params) {
        this.params = params;
    }

    @Override
    public RcfAccumulator createAccumulator() {
        return new RcfAccumulator();
    }

    public void accumulate(RcfAccumulator acc, @DataTypeHint("DOUBLE") Double... values) {
        if (acc.scorer == null) acc.scorer = AnomalyScorer.create(params, names(values.length));
        acc.last = acc.scorer.scoreOnlyThenUpdate(SqlPoints.of(values));
    }

    @Override
    public Double getValue(RcfAccumulator acc) {
        return acc.last.scoreOrNull();
    }

    static List<String> names(int n) {
        List<String> names = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) names.add("c" + i);
        return names;
    }
}
