package dev.streamlake.udfs.hotspots.sql;

import dev.streamlake.udfs.hotspots.HotspotDetector;
import dev.streamlake.udfs.hotspots.HotspotParams;
import dev.streamlake.udfs.sql.SqlPoints;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code HOTSPOTS(windowSize, scanRadius, minimumNumberOfPointsInAHotspot, x1, x2, ...)}: KDA SQL's
 * {@code HOTSPOTS} as a Flink SQL aggregate for OVER windows, returning KDA's {@code
 * HOTSPOTS_RESULT} JSON. One sliding window per partition (none: one for the whole stream, as KDA):
 *
 * <pre>{@code
 * SELECT *, HOTSPOTS(1000, 1.5, 10, temperature, humidity)
 *             OVER (ORDER BY event_time ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS hotspots_result
 * FROM events
 * }</pre>
 *
 * The three numbers are read at a partition's first row (KDA's arguments are constants too). A row
 * with a NULL, NaN or infinite value does not enter the window and gets the current hotspots. Use
 * {@code ROWS}, not {@code RANGE}: under RANGE, rows with equal ORDER BY values all get the last
 * one's result. The aggregate cannot retract a row, as KDA's window could not.
 */
@FunctionHint(
        accumulator =
                @DataTypeHint(
                        value = "RAW",
                        bridgedTo = HotspotsAccumulator.class,
                        rawSerializer = HotspotsAccumulator.Serializer.class))
public class Hotspots extends AggregateFunction<String, HotspotsAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public HotspotsAccumulator createAccumulator() {
        return new HotspotsAccumulator();
    }

    public void accumulate(
            HotspotsAccumulator acc,
            Integer windowSize,
            Double scanRadius,
            Integer minPoints,
            @DataTypeHint("DOUBLE") Double... values) {
        if (acc.detector == null) {
            if (windowSize == null || scanRadius == null || minPoints == null) {
                throw new IllegalArgumentException(
                        "HOTSPOTS: windowSize, scanRadius and"
                                + " minimumNumberOfPointsInAHotspot must not be NULL");
            }
            acc.detector =
                    new HotspotDetector(
                            HotspotParams.of(windowSize, scanRadius, minPoints), values.length);
        }
        double[] point = SqlPoints.of(values);
        if (HotspotDetector.accepts(point, acc.detector.columns())) acc.detector.add(point);
    }

    @Override
    public String getValue(HotspotsAccumulator acc) {
        return acc.json();
    }
}
