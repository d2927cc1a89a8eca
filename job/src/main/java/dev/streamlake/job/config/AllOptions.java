package dev.streamlake.job.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/** Every option the job knows, for validation and for the README table. */
public final class AllOptions {
    private static final List<ConfigOption<?>> ALL =
            Collections.unmodifiableList(
                    collect(
                            SourceOptions.class,
                            LakeOptions.class,
                            S3Options.class,
                            ValidationOptions.class,
                            TransformOptions.class,
                            WatermarkOptions.class,
                            ScoringOptions.class));

    private AllOptions() {}

    public static List<ConfigOption<?>> list() {
        return ALL;
    }

    /** The README's configuration table; a test keeps the README equal to it. */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| key | default | what it does |\n| --- | --- | --- |\n");
        for (ConfigOption<?> o : ALL) {
            b.append("| `").append(o.key()).append("` | ").append(defaultText(o)).append(" | ")
                    .append(new HtmlFormatter().format(o.description()).replace("|", "\\|"))
                    .append(" |\n");
        }
        return b.toString();
    }

    private static String defaultText(ConfigOption<?> o) {
        if (!o.hasDefaultValue()) return "";
        Object v = o.defaultValue();
        if (v instanceof Duration) return TimeUtils.formatWithHighestUnit((Duration) v);
        if (v instanceof List && ((List<?>) v).isEmpty()) return "";
        return "`" + v + "`";
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
