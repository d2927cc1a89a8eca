package dev.streamlake.job.scoring;

import dev.streamlake.job.record.ValidRecord;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys rows by the schema's key column, as a string; a null key becomes "". */
public final class KeyColumn implements KeySelector<ValidRecord, String> {
    private static final long serialVersionUID = 1L;
    private final int index;

    public KeyColumn(int index) {
        this.index = index;
    }

    @Override
    public String getKey(ValidRecord record) {
        Object key = record.row().getField(index);
        return key == null ? "" : key.toString();
    }
}
