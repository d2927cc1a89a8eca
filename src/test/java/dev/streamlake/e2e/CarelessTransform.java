package dev.streamlake.e2e;

import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.transform.RecordTransform;
import dev.streamlake.udfs.transform.TransformResult;
import org.apache.flink.types.Row;

/**
 * A user transform (transform.class) with the bugs users write: for readings whose id ends in "3"
 * it cuts the owner's e-mail inside a surrogate pair (a lone surrogate), for "5" it divides by zero
 * into the temperature (NaN), for "7" it puts a string into the int column. The first two must
 * become ENCODING_FAILED error rows (not a writer exception), the third TRANSFORM_FAILED (not a
 * serializer exception on the way to scoring).
 */
public class CarelessTransform implements RecordTransform {
    private int id;
    private int owner;
    private int temperature;
    private int battery;

    @Override
    public void open(TableSchema schema) {
        id = schema.indexOf("reading_id");
        owner = schema.indexOf("owner_email");
        temperature = schema.indexOf("temperature");
        battery = schema.indexOf("battery_mv");
    }

    @Override
    public TransformResult apply(Row row) {
        String readingId = String.valueOf(row.getField(id));
        if (readingId.endsWith("3")) row.setField(owner, "owner😀".substring(0, 6));
        if (readingId.endsWith("5")) row.setField(temperature, 0.0 / 0.0);
        if (readingId.endsWith("7")) row.setField(battery, "3300");
        return TransformResult.ok(row);
    }
}
