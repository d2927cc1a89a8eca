package dev.streamlake.udfs.transform;

import dev.streamlake.udfs.schema.TableSchema;
import java.io.Serializable;
import org.apache.flink.types.Row;

/**
 * The per-record transformation that a Lambda function did for Firehose, with the same contract:
 * each record comes back OK (possibly changed), DROPPED (counted, not written) or FAILED (written
 * to the errors table with the reason).
 *
 * <p>Rows hold the schema's columns in order ({@link TableSchema#indexOf}); a transform may change
 * values in place, within each column's type. Plug your own with {@code transform.class}: a public
 * class with a public no-argument constructor. One instance serves one subtask, so it may keep
 * state in fields; it must not throw for bad data (return {@link TransformResult#failed}).
 */
public interface RecordTransform extends Serializable {

    /** Called once per subtask before the first record. */
    default void open(TableSchema schema) {}

    TransformResult apply(Row row);
}
