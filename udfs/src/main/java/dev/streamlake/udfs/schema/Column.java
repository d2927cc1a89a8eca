package dev.streamlake.udfs.schema;

import java.io.Serializable;
import java.util.Objects;

/**
 * One output column of a lake table.
 *
 * <p>{@code source} says where the value comes from: the name of a top-level field of the input
 * JSON object (so a column can rename a field), or an arrival-metadata reference starting with
 * {@code $} ({@code $arrival_time}, {@code $shard_id}, {@code $sequence_number}, {@code
 * $partition_key}, {@code $stream}). Input fields that no column names are not written.
 */
public final class Column implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final ColumnType type;
    private final boolean required;
    private final String source;
    private final Object defaultValue;
    private final String description;

    Column(
            String name,
            ColumnType type,
            boolean required,
            String source,
            Object defaultValue,
            String description) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
        this.required = required;
        this.source = source == null ? name : source;
        this.defaultValue = defaultValue;
        this.description = description == null ? "" : description;
    }

    /** A column the job computes (never read from the input): optional, no default. */
    public static Column computed(String name, ColumnType type, String description) {
        return new Column(name, type, false, "$computed", null, description);
    }

    public String name() {
        return name;
    }

    public ColumnType type() {
        return type;
    }

    public boolean required() {
        return required;
    }

    /** The input field name, or a {@code $}-prefixed arrival-metadata reference. */
    public String source() {
        return source;
    }

    public boolean isMetadata() {
        return source.startsWith("$");
    }

    /** The typed value used when an optional field is missing, or null for none. */
    public Object defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return name + " " + type.name().toLowerCase() + (required ? " required" : "");
    }
}
