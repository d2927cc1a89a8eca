package dev.streamlake.job.sink;

import dev.streamlake.job.config.JobConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;

/**
 * Flink's file systems for a lake on S3, where the job runs its own Flink (local runs, tests,
 * {@code StreamingJob} outside Managed Flink). On Managed Flink the service sets S3 up.
 */
public final class LakeFileSystems {
    private LakeFileSystems() {}

    /** Whether the lake is on S3 (s3://, s3a://). */
    public static boolean onS3(JobConfig cfg) {
        String path = cfg.lakePath();
        return path.startsWith("s3://") || path.startsWith("s3a://");
    }

    /** {@code base} plus the lake's S3 settings (when the lake is on S3); base is not changed. */
    public static Configuration withLakeSettings(Configuration base, JobConfig cfg) {
        Configuration c = new Configuration(base);
        if (onS3(cfg)) cfg.s3().flinkConfiguration().forEach(c::setString);
        return c;
    }

    /**
     * (Re)initializes this JVM's Flink file systems with {@code flink} plus the lake's S3 settings.
     * A MiniCluster that is already running does not pass a job's configuration to its file
     * systems, so local runs and tests call this before the job starts.
     */
    public static void initialize(Configuration flink, JobConfig cfg) {
        FileSystem.initialize(withLakeSettings(flink, cfg), null);
    }
}
