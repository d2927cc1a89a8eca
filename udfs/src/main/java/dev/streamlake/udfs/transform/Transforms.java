package dev.streamlake.udfs.transform;

import dev.streamlake.udfs.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;

/** Builds the configured transform: built-ins first, then the user's class. */
public final class Transforms {
    private Transforms() {}

    /**
     * @param dropIf a {@link DropIf} condition, or empty for none
     * @param mask string columns to mask
     * @param hash string columns to replace with their SHA-256
     * @param userClass a {@link RecordTransform} class name, or empty for none
     */
    public static TransformChain of(
            TableSchema schema, String dropIf, List<String> mask, List<String> hash, String userClass) {
        List<RecordTransform> steps = new ArrayList<>();
        // Dropping first: a dropped record costs nothing more.
        if (dropIf != null && !dropIf.isBlank()) steps.add(new DropIf(schema, dropIf));
        if (!mask.isEmpty()) steps.add(new MaskFields(schema, mask));
        if (!hash.isEmpty()) steps.add(new HashFields(schema, hash));
        if (userClass != null && !userClass.isBlank()) steps.add(instantiate(userClass.trim()));
        return new TransformChain(steps);
    }

    static RecordTransform instantiate(String className) {
        Class<?> cls;
        try {
            cls = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("transform.class: class " + className + " not found");
        }
        if (!RecordTransform.class.isAssignableFrom(cls)) {
            throw new IllegalArgumentException(
                    "transform.class: " + className + " does not implement "
                            + RecordTransform.class.getName());
        }
        try {
            return (RecordTransform) cls.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(
                    "transform.class: " + className + " needs a public no-argument constructor", e);
        }
    }
}
