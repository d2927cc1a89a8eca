package dev.streamlake.job.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Every option the job knows, for validation and for the README table. */
public final class AllOptions {
    private static final List<ConfigOption<?>> ALL =
            Collections.unmodifiableList(
                    collect(
                            SourceOptions.class,
                            LakeOptions.class,
                            ValidationOptions.class,
                            TransformOptions.class,
                            WatermarkOptions.class,
                            ScoringOptions.class));

    private AllOptions() {}

    public static List<ConfigOption<?>> list() {
        return ALL;
    }

    private static List<ConfigOption<?>> collect(Class<?>... holders) {
        List<ConfigOption<?>> out = new ArrayList<>();
        for (Class<?> holder : holders) {
            for (Field f : holder.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                    try {
                        out.add((ConfigOption<?>) f.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return out;
    }
}
