package dev.streamlake.udfs.validate;

import java.io.Serializable;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The limits a record is held to, beyond its schema. Immutable; build with {@link #builder()}.
 *
 * <p>It knows no configuration keys: a builder method that rejects a value says only what is wrong,
 * and a record's error message names a limit by the name the caller gave it with {@link
 * Builder#limitNames} (the job gives its keys), or by none.
 */
public final class ValidationRules implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The limits whose name a rejected record's message may carry. */
    public enum Limit {
        MAX_RECORD_BYTES,
        MAX_FIELDS
    }

    private final int maxRecordBytes;
    private final Duration maxFuture;
    private final Duration maxPast;
    private final boolean castToSchema;
    private final int maxNestingDepth;
    private final int maxFields;
    private final EnumMap<Limit, String> limitNames;

    private ValidationRules(Builder b) {
        this.maxRecordBytes = b.maxRecordBytes;
        this.maxFuture = b.maxFuture;
        this.maxPast = b.maxPast;
        this.castToSchema = b.castToSchema;
        this.maxNestingDepth = b.maxNestingDepth;
        this.maxFields = b.maxFields;
        this.limitNames = new EnumMap<>(b.limitNames);
    }

    public static ValidationRules defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public Duration maxFuture() {
        return maxFuture;
    }

    public Duration maxPast() {
        return maxPast;
    }

    /** Whether values may be cast to their column's type ({@code "21.5"} to a double, ...). */
    public boolean castToSchema() {
        return castToSchema;
    }

    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    public int maxFields() {
        return maxFields;
    }

    /** {@code " (name)"} for a limit given a name, else empty: the end of a rejection message. */
    String nameOf(Limit limit) {
        String name = limitNames.get(limit);
        return name == null ? "" : " (" + name + ")";
    }

    /**
     * Defaults: 1 MiB per record, event time at most 7 days ahead of and 365 days behind the
     * record's arrival, no casts, nesting depth 64, 1,000 top-level fields.
     */
    public static final class Builder {
        private int maxRecordBytes = 1 << 20;
        private Duration maxFuture = Duration.ofDays(7);
        private Duration maxPast = Duration.ofDays(365);
        private boolean castToSchema = false;
        private int maxNestingDepth = 64;
        private int maxFields = 1000;
        private final EnumMap<Limit, String> limitNames = new EnumMap<>(Limit.class);

        private Builder() {}

        public Builder maxRecordBytes(int v) {
            this.maxRecordBytes = positive(v);
            return this;
        }

        public Builder maxFuture(Duration v) {
            this.maxFuture = v;
            return this;
        }

        public Builder maxPast(Duration v) {
            this.maxPast = v;
            return this;
        }

        public Builder castToSchema(boolean v) {
            this.castToSchema = v;
            return this;
        }

        public Builder maxNestingDepth(int v) {
            this.maxNestingDepth = positive(v);
            return this;
        }

        public Builder maxFields(int v) {
            this.maxFields = positive(v);
            return this;
        }

        /** The names rejected records' messages give the limits, such as the keys that set them. */
        public Builder limitNames(Map<Limit, String> names) {
            this.limitNames.putAll(names);
            return this;
        }

        public ValidationRules build() {
            return new ValidationRules(this);
        }

        private static int positive(int v) {
            if (v <= 0) throw new IllegalArgumentException("must be positive, got " + v);
            return v;
        }
    }
}
