package dev.streamlake.job.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The flat settings a test builds a {@link JobConfig} from: the few every configuration needs, plus
 * the keys the test is about. Values go in as {@code key, value} pairs; a {@code null} value
 * removes the key, for the tests of what is required.
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
}
