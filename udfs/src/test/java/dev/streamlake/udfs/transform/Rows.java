package dev.streamlake.udfs.transform;

import dev.streamlake.udfs.schema.TableSchema;
import java.nio.file.Path;
import org.apache.flink.types.Row;

/** Rows of the sensor-readings schema for transform tests. */
final class Rows {
    static final TableSchema SENSORS =
            TableSchema.load(Path.of("../conf/schemas/sensor-readings.json"));

    private Rows() {}

    /** A row with the given column = value pairs; every other column null. */
    static Row of(Object... columnsAndValues) {
        Row row = Row.withPositions(SENSORS.size());
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            int c = SENSORS.indexOf((String) columnsAndValues[i]);
            if (c < 0) throw new IllegalArgumentException("no column " + columnsAndValues[i]);
            row.setField(c, columnsAndValues[i + 1]);
        }
        return row;
    }

    static Object get(Row row, String column) {
        return row.getField(SENSORS.indexOf(column));
    }
}
