package dev.streamlake.udfs.sql;

/** The numeric arguments of one SQL function call, as the point its model takes. */
public final class SqlPoints {
    private SqlPoints() {}

    /** The values in order, SQL NULL as NaN (a model neither scores nor learns a NaN). */
    public static double[] of(Double[] values) {
        double[] point = new double[values.length];
        for (int i = 0; i < values.length; i++)
            point[i] = values[i] == null ? Double.NaN : values[i];
        return point;
    }
}
