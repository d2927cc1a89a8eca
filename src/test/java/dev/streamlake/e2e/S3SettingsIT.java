package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlake.e2e.support.Listening;
import dev.streamlake.e2e.support.S3Fixture;
import dev.streamlake.e2e.support.S3Lake;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.S3Options;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.sink.LakeFileSystems;
import dev.streamlake.tools.local.LocalRun;
import dev.streamlake.tools.local.LocalS3;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake.s3.* keys reach flink-s3-fs-hadoop's requests: checked against s3proxy on a free
 * loopback port, through Flink's FileSystem as the FileSink uses it.
 */
class S3SettingsIT {
    @TempDir static Path work;
    static LocalS3 s3;

    @BeforeAll
    static void startS3() {
        s3 = S3Fixture.start(work, "lake");
        Listening.assertLoopbackOnly(s3.pid(), "s3proxy");
    }

    @AfterAll
    static void stopS3() {
        FileSystem.initialize(
                new Configuration(), null); // no test after this one inherits these settings
        s3.close();
        assertThat(s3.isAlive()).isFalse();
    }

    @Test
    void emulatorSettingsWriteThroughTheS3Api() throws IOException {
        write(config(S3Options.SSE.key(), "NONE"), "plain/dt=2026-11-27-09/part-x.json.gz");
        try (S3Lake lake = new S3Lake(s3.endpoint(), "lake", "plain")) {
            assertThat(lake.allKeys()).containsExactly("plain/dt=2026-11-27-09/part-x.json.gz");
        }
    }

    @Test
    void sseS3SendsTheEncryptionHeader() {
        // s3proxy refuses server-side encryption headers (it cannot encrypt): the refusal shows
        // that the setting reaches the request. On AWS the same header gets SSE-S3.
        assertThatThrownBy(() -> write(config(S3Options.SSE.key(), "SSE_S3"), "sse/part-y.json.gz"))
                .hasStackTraceContaining("Server-side encryption is not supported");
    }

    @Test
    void theDefaultChainSignsWithWhatItFinds() throws IOException {
        Map<String, String> c = base();
        c.put(S3Options.CREDENTIALS_PROVIDER.key(), "DEFAULT_CHAIN");
        JobConfig cfg = JobConfig.fromMap(c);
        // The chain's system-property step finds the emulator identity the local run sets ...
        LocalRun.useEmulatorIdentity();
        write(cfg, "chain/part-ok.json.gz");
        // ... and other keys, which s3proxy refuses: requests are signed with what the chain found.
        System.setProperty("aws.accessKeyId", "someone-else");
        System.setProperty("aws.secretKey", "wrong");
        try {
            assertThatThrownBy(() -> write(cfg, "chain/part-denied.json.gz"))
                    .isInstanceOf(IOException.class)
                    .hasStackTraceContaining("Status Code: 403");
        } finally {
            LocalRun.useEmulatorIdentity();
        }
        try (S3Lake lake = new S3Lake(s3.endpoint(), "lake", "chain")) {
            assertThat(lake.allKeys()).containsExactly("chain/part-ok.json.gz");
        }
    }

    private static void write(JobConfig cfg, String key) throws IOException {
        // A refused request fails at once instead of after S3A's retries (about 100 s).
        Configuration noRetries = new Configuration();
        noRetries.setString("fs.s3a.retry.limit", "0");
        noRetries.setString("fs.s3a.attempts.maximum", "0");
        LakeFileSystems.initialize(noRetries, cfg);
        org.apache.flink.core.fs.Path path =
                new org.apache.flink.core.fs.Path(cfg.lakePath() + "/" + key);
        try (OutputStream out = path.getFileSystem().create(path, FileSystem.WriteMode.OVERWRITE)) {
            out.write("{}\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Map<String, String> base() {
        Map<String, String> c = new HashMap<>();
        c.put(SourceOptions.STREAM.key(), "unused");
        c.put(SourceOptions.REGION.key(), "us-east-1");
        c.put(LakeOptions.PATH.key(), "s3://lake");
        c.putAll(S3Fixture.jobSettings(s3.endpoint()));
        return c;
    }

    private static JobConfig config(String key, String value) {
        Map<String, String> c = base();
        c.put(key, value);
        return JobConfig.fromMap(c);
    }
}
