package dev.streamlake.udfs.validate;

import java.io.Serializable;
import java.time.Duration;

/** The limits a record is held to, beyond its schema. Immutable; build with {@link #builder()}. */
public final class ValidationRules implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int maxRecordBytes;
    private final Duration maxFuture;
    private final Duration maxPast;
    private final boolean castToSchema;
    private final int maxNestingDepth;
    private final int maxFields;

    private ValidationRules(Builder b) {
        this.maxRecordBytes = b.maxRecordBytes;
        this.maxFuture = b.maxFuture;
        this.maxPast = b.maxPast;
        this.castToSchema = b.castToSchema;
        this.maxNestingDepth = b.maxNestingDepth;
        this.maxFields = b.maxFields;
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

        private Builder() {}

        public Builder maxRecordBytes(int v) {
            this.maxRecordBytes = positive(v, "maxRecordBytes");
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
            this.maxNestingDepth = positive(v, "maxNestingDepth");
            return this;
        }

        public Builder maxFields(int v) {
            this.maxFields = positive(v, "maxFields");
            return this;
        }

        public ValidationRules build() {
            return new ValidationRules(this);
        }

        private static int positive(int v, String what) {
            if (v <= 0) throw new IllegalArgumentException(what + " must be positive, got " + v);
            return v;
        }
    }
}
