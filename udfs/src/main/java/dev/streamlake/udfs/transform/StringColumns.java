package dev.streamlake.udfs.transform;

import dev.streamlake.udfs.schema.ColumnType;
import dev.streamlake.udfs.schema.TableSchema;
import java.util.List;

/**
 * Resolves the column names a transform is configured with, rejecting unknown or non-string ones.
 */
final class StringColumns {
    private StringColumns() {}

    static int[] resolve(TableSchema schema, List<String> names) {
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            String name = names.get(i);
            int c = schema.indexOf(name);
            if (c < 0) {
                throw new IllegalArgumentException("no column named '" + name + "'");
            }
            if (schema.column(c).type() != ColumnType.STRING) {
                throw new IllegalArgumentException(
                        "column '"
                                + name
                                + "' is "
                                + schema.column(c).type().name().toLowerCase()
                                + "; only string columns can be masked or hashed");
            }
            out[i] = c;
        }
        return out;
    }
}
