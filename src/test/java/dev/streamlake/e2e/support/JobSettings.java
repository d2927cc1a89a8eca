package dev.streamlake.e2e.support;

import dev.streamlake.job.config.JobConfig;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * A test's job configuration, set through the job's own {@link ConfigOption}s (typed values, the
 * options' keys), then validated as the job validates its property groups.
 */
public final class JobSettings {
    private final Configuration conf = new Configuration();

    public static JobSettings create() {
        return new JobSettings();
    }

    public <T> JobSettings set(ConfigOption<T> option, T value) {
        conf.set(option, value);
        return this;
    }

    /** Settings as {@code group.name} keys and their text, as a test's variations are given. */
    public JobSettings setAll(Map<String, String> keysAndValues) {
        conf.addAll(Configuration.fromMap(keysAndValues));
        return this;
    }

    public Map<String, String> toMap() {
        return conf.toMap();
    }

    public JobConfig config() {
        return JobConfig.fromMap(conf.toMap());
    }
}
