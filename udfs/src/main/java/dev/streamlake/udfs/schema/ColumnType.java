package dev.streamlake.udfs.schema;

import java.util.Locale;

/**
 * The types a lake column can have. Each maps to one Java value class inside a record and to one
 * Athena (Hive) type in the DDL derived from the schema.
 */
public enum ColumnType {
    STRING(String.class, "string"),
    BIGINT(Long.class, "bigint"),
    INT(Integer.class, "int"),
    DOUBLE(Double.class, "double"),
    BOOLEAN(Boolean.class, "boolean"),
    /** Epoch milliseconds (UTC) inside a record; written as {@code yyyy-MM-dd HH:mm:ss.SSS}. */
    TIMESTAMP(Long.class, "timestamp"),
    /** Any JSON value (object, array, scalar) kept as its compact JSON text. */
    JSON(String.class, "string");

    private final Class<?> valueClass;
    private final String athenaType;

    ColumnType(Class<?> valueClass, String athenaType) {
        this.valueClass = valueClass;
        this.athenaType = athenaType;
    }

    /** The Java class of this column's values inside a record. */
    public Class<?> valueClass() {
        return valueClass;
    }

    /** The Athena / Hive type of this column. */
    public String athenaType() {
        return athenaType;
    }

    /**
     * Parses a type name as written in a schema file ({@code "double"}, {@code "timestamp"}, ...).
     */
    public static ColumnType parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown column type '"
                            + name
                            + "'; expected one of string, bigint, int,"
                            + " double, boolean, timestamp, json");
        }
    }
}
