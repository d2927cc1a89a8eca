package dev.streamlake.job.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Reads typed values from a {@link Configuration}, and the one place where a configuration error
 * gets its form: {@code key: reason}, the key taken from the {@link ConfigOption} itself. A value
 * handed on to {@code udfs/} (which says what is wrong, never under which key) goes through {@link
 * #apply} or {@link #map}, which put the key in front of the reason.
 */
public final class OptionReader implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Configuration conf;

    public OptionReader(Configuration conf) {
        this.conf = conf;
    }

    /** The error for a bad value of {@code option}. */
    public static IllegalArgumentException invalid(ConfigOption<?> option, String reason) {
        return new IllegalArgumentException(option.key() + ": " + reason);
    }

    /** The value, or the default; a value that does not parse as the option's type is an error. */
    public <T> T get(ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    option.key() + ": invalid value '" + conf.toMap().get(option.key()) + "'", e);
        }
    }

    /** The value if set; unlike {@link #get}, empty rather than the default when not set. */
    public <T> Optional<T> optional(ConfigOption<T> option) {
        get(option); // parses, to report a bad value as such
        return conf.getOptional(option);
    }

    /** A value that must be set and not blank. */
    public String require(ConfigOption<String> option) {
        String v = get(option);
        if (v == null || v.isBlank()) throw invalid(option, "not set (required)");
        return v;
    }

    /** A duration that must be above zero. */
    public Duration positive(ConfigOption<Duration> option) {
        Duration d = get(option);
        if (d.isNegative() || d.isZero()) throw invalid(option, "must be positive");
        return d;
    }

    /** Hands the value (null when unset without a default) to a setter that may reject it. */
    public <T> void apply(ConfigOption<T> option, Consumer<T> setter) {
        map(
                option,
                v -> {
                    setter.accept(v);
                    return null;
                });
    }

    /** Turns the value (null when unset without a default) into something that may reject it. */
    public <T, R> R map(ConfigOption<T> option, Function<T, R> build) {
        T value = get(option);
        try {
            return build.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option.key() + ": " + e.getMessage(), e);
        }
    }

    /** The effective value of each option that is set or has a default, by key. */
    public Map<String, String> effectiveValues(List<ConfigOption<?>> options) {
        Map<String, String> out = new TreeMap<>();
        for (ConfigOption<?> option : options) {
            conf.getOptional(option).ifPresent(v -> out.put(option.key(), String.valueOf(v)));
            if (!out.containsKey(option.key()) && option.hasDefaultValue()) {
                out.put(option.key(), String.valueOf(option.defaultValue()));
            }
        }
        return out;
    }
}
