package dev.streamlake.job.scoring;

import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.types.Row;

/** Keys rows by the schema's key column, as a string; a null key becomes "". */
public final class KeyColumn implements KeySelector<Row, String> {
    private static final long serialVersionUID = 1L;
    private final int index;

    public KeyColumn(int index) {
        this.index = index;
    }

    @Override
    public String getKey(Row row) {
        Object key = row.getField(index);
        return key == null ? "" : key.toString();
    }
}
