package dev.streamlake.udfs.transform;

import dev.streamlake.udfs.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the configured transform: built-ins first, then the user's class. Each builder method
 * checks its own setting at once and says what is wrong with it (not under which key: the caller
 * knows that), so a caller that sets one setting at a time knows which one was at fault.
 */
public final class Transforms {
    private Transforms() {}

    /**
     * @param dropIf a {@link DropIf} condition, or empty for none
     * @param mask string columns to mask
     * @param hash string columns to replace with their SHA-256
     * @param userClass a {@link RecordTransform} class name, or empty for none
     */
    public static TransformChain of(
            TableSchema schema,
            String dropIf,
            List<String> mask,
            List<String> hash,
            String userClass) {
        return builder(schema).dropIf(dropIf).mask(mask).hash(hash).userClass(userClass).build();
    }

    public static Builder builder(TableSchema schema) {
        return new Builder(schema);
    }

    /**
     * Collects the steps in the order {@link #build()} runs them, whatever order they are set in.
     */
    public static final class Builder {
        private final TableSchema schema;
        private RecordTransform dropIf;
        private RecordTransform mask;
        private RecordTransform hash;
        private RecordTransform user;

        private Builder(TableSchema schema) {
            this.schema = schema;
        }

        /** A {@link DropIf} condition; null or blank for none. */
        public Builder dropIf(String condition) {
            dropIf =
                    condition == null || condition.isBlank() ? null : new DropIf(schema, condition);
            return this;
        }

        /** String columns to mask. */
        public Builder mask(List<String> columns) {
            mask = columns.isEmpty() ? null : new MaskFields(schema, columns);
            return this;
        }

        /** String columns to replace with their SHA-256. */
        public Builder hash(List<String> columns) {
            hash = columns.isEmpty() ? null : new HashFields(schema, columns);
            return this;
        }

        /** A {@link RecordTransform} class name; null or blank for none. */
        public Builder userClass(String className) {
            user = className == null || className.isBlank() ? null : instantiate(className.trim());
            return this;
        }

        public TransformChain build() {
            List<RecordTransform> steps = new ArrayList<>();
            // Dropping first: a dropped record costs nothing more.
            for (RecordTransform step : new RecordTransform[] {dropIf, mask, hash, user}) {
                if (step != null) steps.add(step);
            }
            return new TransformChain(steps);
        }
    }

    static RecordTransform instantiate(String className) {
        Class<?> cls;
        try {
            cls = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class " + className + " not found");
        }
        if (!RecordTransform.class.isAssignableFrom(cls)) {
            throw new IllegalArgumentException(
                    className + " does not implement " + RecordTransform.class.getName());
        }
        try {
            return (RecordTransform) cls.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(
                    className + " needs a public no-argument constructor", e);
        }
    }
}
