package dev.streamlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Property group {@code lake}, keys {@code s3.*}: how the job reaches the lake when {@code
 * lake.path} is {@code s3://...} (through Flink's {@code flink-s3-fs-hadoop}). Applied where the
 * job starts its own Flink (local runs, tests, {@code StreamingJob} outside Managed Flink); on
 * Managed Flink the service configures S3 and these keys only describe it.
 */
public final class S3Options {

    public enum CredentialsProvider {
        /**
         * The AWS default chain: environment, system properties, profile, web identity, container
         * or instance role.
         */
        DEFAULT_CHAIN,
        /**
         * The fixed dummy keys of a local S3 server (s3proxy, MinIO): only with a loopback
         * lake.s3.endpoint.
         */
        EMULATOR
    }

    public enum Encryption {
        /** No encryption header: the bucket's default encryption applies. */
        NONE,
        /** SSE-S3 (AES256, keys managed by S3). */
        SSE_S3,
        /** SSE-KMS, with lake.s3.sse-kms-key-id or the account's aws/s3 key. */
        SSE_KMS
    }

    /** Access key and secret of {@link CredentialsProvider#EMULATOR}: dummies, never real keys. */
    public static final String EMULATOR_IDENTITY = "local";

    public static final ConfigOption<String> ENDPOINT =
            ConfigOptions.key("lake.s3.endpoint")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "S3 endpoint override, e.g. http://127.0.0.1:9000 for a local S3 server or"
                                    + " a VPC endpoint. Unset: the region's public endpoint.");

    public static final ConfigOption<String> REGION =
            ConfigOptions.key("lake.s3.region")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "AWS region of the lake bucket. Unset: the S3 client's own region lookup.");

    public static final ConfigOption<Boolean> PATH_STYLE_ACCESS =
            ConfigOptions.key("lake.s3.path-style-access")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Address the bucket as endpoint/bucket instead of bucket.endpoint, as"
                                    + " most local S3 servers need.");

    public static final ConfigOption<CredentialsProvider> CREDENTIALS_PROVIDER =
            ConfigOptions.key("lake.s3.credentials-provider")
                    .enumType(CredentialsProvider.class)
                    .defaultValue(CredentialsProvider.DEFAULT_CHAIN)
                    .withDescription(
                            "DEFAULT_CHAIN: the AWS default credentials chain (on AWS, the"
                                    + " application's role). EMULATOR: the dummy keys 'local'/'local'"
                                    + " of a local S3 server, refused unless lake.s3.endpoint is a"
                                    + " loopback address. Keys are never configuration.");

    public static final ConfigOption<Encryption> SSE =
            ConfigOptions.key("lake.s3.sse")
                    .enumType(Encryption.class)
                    .defaultValue(Encryption.NONE)
                    .withDescription(
                            "Server-side encryption of the lake's objects: NONE (the bucket's default"
                                    + " encryption applies), SSE_S3 or SSE_KMS.");

    public static final ConfigOption<String> SSE_KMS_KEY_ID =
            ConfigOptions.key("lake.s3.sse-kms-key-id")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "KMS key id, alias or ARN for SSE_KMS. Unset: the account's AWS managed"
                                    + " key aws/s3.");

    private S3Options() {}
}
