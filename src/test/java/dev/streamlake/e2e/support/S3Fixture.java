package dev.streamlake.e2e.support;

import dev.streamlake.job.config.S3Options;
import dev.streamlake.tools.local.FreePorts;
import dev.streamlake.tools.local.LocalS3;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A local S3 server (s3proxy) for a test, and the job's settings for a lake on it. */
public final class S3Fixture {
    private S3Fixture() {}

    /**
     * s3proxy on a free loopback port holding {@code bucket}: its data in {@code dir/s3}, its log
     * in {@code dir/s3proxy.log}. The caller stops it (by PID) with {@link LocalS3#close}.
     */
    public static LocalS3 start(Path dir, String bucket) {
        return LocalS3.start(
                FreePorts.loopback(),
                dir.resolve("s3"),
                List.of(bucket),
                dir.resolve("s3proxy.log"));
    }

    /**
     * The job's {@link S3Options} for the server at {@code endpoint}: region us-east-1, path-style
     * access, the emulator's credentials.
     */
    public static Map<String, String> jobSettings(String endpoint) {
        return JobSettings.create()
                .set(S3Options.ENDPOINT, endpoint)
                .set(S3Options.REGION, "us-east-1")
                .set(S3Options.PATH_STYLE_ACCESS, true)
                .set(S3Options.CREDENTIALS_PROVIDER, S3Options.CredentialsProvider.EMULATOR)
                .toMap();
    }
}
