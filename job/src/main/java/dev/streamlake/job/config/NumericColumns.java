package dev.streamlake.job.config;

import dev.streamlake.udfs.schema.ColumnType;
import dev.streamlake.udfs.schema.TableSchema;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** The numeric columns a key names (scoring's features, the hotspots' columns). */
final class NumericColumns {
    private NumericColumns() {}

    /**
     * The positions in {@code schema} of the columns {@code names}, each of which must be there and
     * be double, int or bigint; the error names {@code key} and the column at fault.
     */
    static int[] indexes(ConfigOption<List<String>> key, List<String> names, TableSchema schema) {
        int[] indexes = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            int index = schema.indexOf(names.get(i));
            if (index < 0)
                throw OptionReader.invalid(key, "no column named '" + names.get(i) + "'");
            ColumnType type = schema.column(index).type();
            if (type != ColumnType.DOUBLE && type != ColumnType.INT && type != ColumnType.BIGINT) {
                throw OptionReader.invalid(
                        key,
                        "column '"
                                + names.get(i)
                                + "' is "
                                + type.name().toLowerCase()
                                + ", not double, int or bigint");
            }
            indexes[i] = index;
        }
        return indexes;
    }
}
