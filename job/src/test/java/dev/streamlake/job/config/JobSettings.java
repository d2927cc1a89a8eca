package dev.streamlake.job.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;

/**
 * The flat settings a test builds a {@link JobConfig} from: the few every configuration needs, plus
 * the keys the test is about. Values go in as {@code key, value} pairs; a {@code null} value
 * removes the key, for the tests of what is required. Or they go in as {@link #set} settings, an
 * option and its value on one line: {@code config(set(S3Options.SSE, "SSE_S3"))}.
 */
public final class JobSettings {
    private JobSettings() {}

    /** Stream {@code sensor-readings} in eu-west-1, lake {@code s3://my-bucket/lake}. */
    public static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put(SourceOptions.STREAM.key(), "sensor-readings");
        m.put(SourceOptions.REGION.key(), "eu-west-1");
        m.put(LakeOptions.PATH.key(), "s3://my-bucket/lake");
        return m;
    }

    /**
     * A run into {@code lake} on the local disk: stream {@code sensor-readings} in us-east-1, with
     * the repository's sensor-readings schema (the path as tests run from {@code job/} see it).
     */
    public static Map<String, String> localLake(Path lake) {
        return of(
                set(SourceOptions.STREAM, "sensor-readings"),
                set(SourceOptions.REGION, "us-east-1"),
                set(LakeOptions.PATH, lake.toUri().toString()),
                set(ValidationOptions.SCHEMA, "../conf/schemas/sensor-readings.json"));
    }

    /** {@link #minimal()} with these {@code key, value} pairs put over it. */
    public static Map<String, String> minimalWith(String... keyValues) {
        return with(minimal(), keyValues);
    }

    public static Map<String, String> minimalWithout(String key) {
        return minimalWith(key, null);
    }

    /** Puts the {@code key, value} pairs into {@code settings} (a null value removes the key). */
    public static Map<String, String> with(Map<String, String> settings, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key without a value: " + keyValues.length);
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) settings.remove(keyValues[i]);
            else settings.put(keyValues[i], keyValues[i + 1]);
        }
        return settings;
    }

    /** The configuration of {@link #minimalWith}: validated as the job validates it. */
    public static JobConfig config(String... keyValues) {
        return JobConfig.fromMap(minimalWith(keyValues));
    }

    /** One setting as a user types it: an option's key and its value. */
    public static final class Setting {
        final String key;
        final String value;

        private Setting(String key, String value) {
            this.key = key;
            this.value = value;
        }
    }

    /** {@code option} set to {@code value}, as a user types it; a null value removes the key. */
    public static Setting set(ConfigOption<?> option, String value) {
        return new Setting(option.key(), value);
    }

    /** These settings alone (not the minimal ones), in a map the caller may change. */
    public static Map<String, String> of(Setting... settings) {
        return with(new HashMap<>(), settings);
    }

    /** {@link #minimal()} with these settings put over it. */
    public static Map<String, String> minimalWith(Setting first, Setting... more) {
        return with(with(minimal(), first), more);
    }

    /** Puts the settings into {@code settings} (a null value removes the key). */
    public static Map<String, String> with(Map<String, String> settings, Setting... more) {
        for (Setting s : more) with(settings, s.key, s.value);
        return settings;
    }

    /**
     * The configuration of {@link #minimalWith(Setting, Setting...)}: validated as the job does.
     */
    public static JobConfig config(Setting first, Setting... more) {
        return JobConfig.fromMap(minimalWith(first, more));
    }
}
