package dev.streamlake.udfs.transform;

import dev.streamlake.udfs.schema.TableSchema;
import java.util.List;
import org.apache.flink.types.Row;

/** Runs transforms in order; the first that drops or fails a record ends its run. */
public final class TransformChain implements RecordTransform {
    private static final long serialVersionUID = 1L;

    private final RecordTransform[] steps;

    public TransformChain(List<RecordTransform> steps) {
        this.steps = steps.toArray(new RecordTransform[0]);
    }

    public int size() {
        return steps.length;
    }

    @Override
    public void open(TableSchema schema) {
        for (RecordTransform step : steps) step.open(schema);
    }

    @Override
    public TransformResult apply(Row row) {
        TransformResult result = TransformResult.ok(row);
        for (RecordTransform step : steps) {
            try {
                result = step.apply(result.row());
            } catch (RuntimeException e) {
                // Name the step that threw: usually the user's class, which is what they need to
                // fix.
                return TransformResult.failed(step.getClass().getName() + " threw " + e);
            }
            if (result == null)
                return TransformResult.failed(step.getClass().getName() + " returned no result");
            if (result.outcome() != TransformResult.Outcome.OK) return result;
        }
        return result;
    }
}
