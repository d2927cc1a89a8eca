package dev.streamlake.e2e.support;

import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.transform.RecordTransform;
import dev.streamlake.udfs.transform.TransformResult;
import org.apache.flink.types.Row;

/** A user transform, plugged in by class name (transform.class), as a user would write one. */
public class RejectNegativeBattery implements RecordTransform {
    private int battery;

    @Override
    public void open(TableSchema schema) {
        battery = schema.indexOf("battery_mv");
    }

    @Override
    public TransformResult apply(Row row) {
        Integer mv = (Integer) row.getField(battery);
        return mv != null && mv < 0
                ? TransformResult.failed("battery_mv must not be negative, got " + mv)
                : TransformResult.ok(row);
    }
}
