package dev.streamlake.e2e.firehose;

import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.transform.RecordTransform;
import dev.streamlake.udfs.transform.TransformResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.types.Row;

/**
 * A transform (transform.class) that fails the task once, when the record with reading_id {@link
 * #MARKER} passes. It runs chained after "Firehose Lambda", so the task fails while that operator
 * is emitting one batch's results: the records of the batch before the marker are downstream, the
 * source is still before the whole batch. It throws an {@link Error}, which the pipeline does not
 * turn into an error row; "once" holds across attempts because the count is static (the MiniCluster
 * runs in the test's JVM).
 */
public class FailOnceInLambdaBatch implements RecordTransform {
    public static final String MARKER = "hm-lambda-mark";
    static final Map<String, Integer> SEEN = new ConcurrentHashMap<>();

    private int id;

    @Override
    public void open(TableSchema schema) {
        id = schema.indexOf("reading_id");
    }

    @Override
    public TransformResult apply(Row row) {
        if (MARKER.equals(row.getField(id)) && SEEN.merge(MARKER, 1, Integer::sum) == 1) {
            throw new InjectedFailure("injected task failure at " + MARKER + ", mid-batch");
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
