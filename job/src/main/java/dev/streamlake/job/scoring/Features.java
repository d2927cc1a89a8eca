package dev.streamlake.job.scoring;

import org.apache.flink.types.Row;

/** Reads a row's feature columns as doubles; a missing (null) value becomes NaN. */
final class Features {
    private Features() {}

    static void read(Row row, int[] indexes, double[] into) {
        for (int i = 0; i < indexes.length; i++) {
            Object v = row.getField(indexes[i]);
            into[i] = v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
        }
    }
}
