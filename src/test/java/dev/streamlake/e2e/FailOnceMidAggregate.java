package dev.streamlake.e2e;

import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.transform.RecordTransform;
import dev.streamlake.udfs.transform.TransformResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.types.Row;

/**
 * A transform (plugged in with transform.class) that fails the task once, when the record with
 * reading_id {@link #MARKER} passes: the 4th user record of a marked aggregate in {@link
 * RealProducersIT}. It runs after "Unpack KPL aggregates", chained to it, so the task fails while
 * that operator is in the middle of the aggregate's user records — a point no {@code JobIo} hook
 * reaches, since the unpacking follows the source inside the pipeline.
 *
 * <p>It throws an {@link Error}: the pipeline turns a transform's exceptions into error rows, by
 * design, and this test wants a task failure. "Once" holds across attempts because the count is
 * static (the MiniCluster runs in the test's JVM; each attempt gets a new instance).
 */
public class FailOnceMidAggregate implements RecordTransform {
    public static final String MARKER = "hm-agg-mark-3";

    /** How often the marked record passed, by marker; it failed the task the first time. */
    static final Map<String, Integer> SEEN = new ConcurrentHashMap<>();

    private int id;

    @Override
    public void open(TableSchema schema) {
        id = schema.indexOf("reading_id");
    }

    @Override
    public TransformResult apply(Row row) {
        if (MARKER.equals(row.getField(id)) && SEEN.merge(MARKER, 1, Integer::sum) == 1) {
            throw new InjectedFailure("injected task failure at " + MARKER);
        }
        return TransformResult.ok(row);
    }

    /** The injected failure; an Error, so that it is not turned into an error row. */
    static final class InjectedFailure extends Error {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }
}
