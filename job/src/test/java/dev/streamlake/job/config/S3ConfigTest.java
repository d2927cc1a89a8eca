package dev.streamlake.job.config;

import static dev.streamlake.job.config.JobSettings.config;
import static dev.streamlake.job.config.JobSettings.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.streamlake.job.sink.LakeFileSystems;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lake.s3.* keys: validation, and the flink-s3-fs-hadoop settings they become. */
class S3ConfigTest {
    @Test
    void defaultsUseTheAwsDefaultChainAndNoKeys() {
        Map<String, String> flink = config().s3().flinkConfiguration();
        assertThat(flink)
                .containsEntry(
                        "fs.s3a.aws.credentials.provider",
                        "com.amazonaws.auth.DefaultAWSCredentialsProviderChain")
                .containsEntry("fs.s3a.path.style.access", "false")
                .doesNotContainKeys(
                        "fs.s3a.access.key",
                        "fs.s3a.secret.key",
                        "fs.s3a.endpoint",
                        "fs.s3a.encryption.algorithm");
    }

    @Test
    void emulatorUsesDummyKeysOnALoopbackEndpoint() {
        JobConfig cfg =
                config(
                        set(S3Options.ENDPOINT, "http://127.0.0.1:9090"),
                        set(S3Options.PATH_STYLE_ACCESS, "true"),
                        set(S3Options.REGION, "us-east-1"),
                        set(S3Options.CREDENTIALS_PROVIDER, "EMULATOR"));
        assertThat(cfg.s3().flinkConfiguration())
                .containsEntry("fs.s3a.endpoint", "http://127.0.0.1:9090")
                .containsEntry("fs.s3a.endpoint.region", "us-east-1")
                .containsEntry("fs.s3a.path.style.access", "true")
                .containsEntry("fs.s3a.connection.ssl.enabled", "false")
                .containsEntry(
                        "fs.s3a.aws.credentials.provider",
                        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
                .containsEntry("fs.s3a.access.key", "local")
                .containsEntry("fs.s3a.secret.key", "local");
        assertThat(
                        config(
                                        set(S3Options.ENDPOINT, "http://localhost:9000"),
                                        set(S3Options.CREDENTIALS_PROVIDER, "EMULATOR"))
                                .s3()
                                .credentialsProvider())
                .isEqualTo(S3Options.CredentialsProvider.EMULATOR);
    }

    @Test
    void refusesEmulatorKeysWithoutAnEndpoint() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config(set(S3Options.CREDENTIALS_PROVIDER, "EMULATOR")))
                .withMessageContaining(
                        "lake.s3.credentials-provider: EMULATOR is only for a local S3 server");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://s3.eu-west-1.amazonaws.com", "http://10.0.0.5:9000"})
    void refusesEmulatorKeysAnywhereButLoopback(String endpoint) {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                config(
                                        set(S3Options.CREDENTIALS_PROVIDER, "EMULATOR"),
                                        set(S3Options.ENDPOINT, endpoint)))
                .withMessageContaining(S3Options.CREDENTIALS_PROVIDER.key());
    }

    @Test
    void rejectsAnEndpointThatIsNotAnHttpUrl() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config(set(S3Options.ENDPOINT, "127.0.0.1:9000")))
                .withMessageStartingWith("lake.s3.endpoint: expected http(s)://host[:port]");
    }

    @Test
    void sseS3AndSseKmsWithAKeyId() {
        assertThat(config(set(S3Options.SSE, "SSE_S3")).s3().flinkConfiguration())
                .containsEntry("fs.s3a.encryption.algorithm", "AES256")
                .doesNotContainKey("fs.s3a.encryption.key");
        String key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assertThat(
                        config(set(S3Options.SSE, "SSE_KMS"), set(S3Options.SSE_KMS_KEY_ID, key))
                                .s3()
                                .flinkConfiguration())
                .containsEntry("fs.s3a.encryption.algorithm", "SSE-KMS")
                .containsEntry("fs.s3a.encryption.key", key);
        assertThat(config(set(S3Options.SSE, "SSE_KMS")).s3().flinkConfiguration())
                .containsEntry("fs.s3a.encryption.algorithm", "SSE-KMS")
                .doesNotContainKey("fs.s3a.encryption.key");
    }

    @Test
    void rejectsAKmsKeyWithoutSseKms() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config(set(S3Options.SSE_KMS_KEY_ID, "alias/lake")))
                .withMessage("lake.s3.sse-kms-key-id: only used with lake.s3.sse=SSE_KMS");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config(set(S3Options.SSE, "AES")))
                .withMessageStartingWith("lake.s3.sse: invalid value 'AES'");
    }

    @Test
    void s3SettingsReachFlinkOnlyForALakeOnS3() {
        Configuration base = new Configuration();
        base.setString("rest.port", "8081");
        Configuration onS3 =
                LakeFileSystems.withLakeSettings(base, config(set(S3Options.SSE, "SSE_S3")));
        assertThat(onS3.toMap())
                .containsEntry("fs.s3a.encryption.algorithm", "AES256")
                .containsEntry("rest.port", "8081");
        assertThat(base.toMap()).doesNotContainKey("fs.s3a.encryption.algorithm");
        Configuration local =
                LakeFileSystems.withLakeSettings(
                        base, config(set(LakeOptions.PATH, "file:///tmp/lake")));
        assertThat(local.toMap()).doesNotContainKey("fs.s3a.aws.credentials.provider");
    }

    @Test
    void theLoggedConfigurationHoldsNoSecret() {
        JobConfig cfg =
                config(
                        set(S3Options.ENDPOINT, "http://127.0.0.1:9090"),
                        set(S3Options.CREDENTIALS_PROVIDER, "EMULATOR"));
        // Keys are never configuration: the only keys are the emulator's fixed dummies, and even
        // they do not appear in what the job logs and shows in the web UI.
        assertThat(cfg.toMap())
                .allSatisfy(
                        (k, v) ->
                                assertThat(k)
                                        .doesNotContain("secret")
                                        .doesNotContain("access-key"));
        assertThat(cfg.toMap().toString()).doesNotContain("fs.s3a.secret.key");
    }
}
