package dev.streamlake.e2e.support;

import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.transform.RecordTransform;
import dev.streamlake.udfs.transform.TransformResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.types.Row;

/**
 * A transform (plugged in with transform.class, so a subclass names the marker in its no-argument
 * constructor) that fails the task once, when the record with reading_id {@code marker} passes.
 * Where the task fails is the subclass's point: it is chained after the operator whose restore the
 * test is about.
 *
 * <p>It throws an {@link Error}: the pipeline turns a transform's exceptions into error rows, by
 * design, and the tests want a task failure. "Once" holds across attempts because the count is
 * static (the MiniCluster runs in the test's JVM; each attempt gets a new instance).
 */
public abstract class FailOnceAtMarker implements RecordTransform {
    /** How often each marked record passed, by marker; it failed the task the first time. */
    private static final Map<String, Integer> SEEN = new ConcurrentHashMap<>();

    private final String marker;
    private int id;

    protected FailOnceAtMarker(String marker) {
        this.marker = marker;
    }

    /** How often the record marked {@code marker} passed (failed the first time). */
    public static int seen(String marker) {
        return SEEN.getOrDefault(marker, 0);
    }

    /** Forgets {@code marker}, so that the next time it passes it fails the task again. */
    public static void reset(String marker) {
        SEEN.remove(marker);
    }

    @Override
    public void open(TableSchema schema) {
        id = schema.indexOf("reading_id");
    }

    @Override
    public TransformResult apply(Row row) {
        if (marker.equals(row.getField(id)) && SEEN.merge(marker, 1, Integer::sum) == 1) {
            throw new InjectedFailure("injected task failure at " + marker);
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
