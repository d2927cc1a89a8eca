package dev.streamlake.job.config;

import dev.streamlake.job.config.S3Options.CredentialsProvider;
import dev.streamlake.job.config.S3Options.Encryption;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The validated {@code lake.s3.*} settings (see {@link S3Options}) and the Flink configuration they
 * become for {@code flink-s3-fs-hadoop}.
 */
public final class S3Config implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Hadoop's S3A class of the AWS SDK's default chain (not shaded in flink-s3-fs-hadoop). */
    static final String DEFAULT_CHAIN_CLASS =
            "com.amazonaws.auth.DefaultAWSCredentialsProviderChain";

    /** Hadoop's S3A provider of fixed keys (fs.s3a.access.key / fs.s3a.secret.key). */
    static final String STATIC_KEYS_CLASS = "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider";

    private final String endpoint;
    private final String region;
    private final boolean pathStyleAccess;
    private final CredentialsProvider credentials;
    private final Encryption sse;
    private final String kmsKeyId;

    S3Config(
            String endpoint,
            String region,
            boolean pathStyleAccess,
            CredentialsProvider credentials,
            Encryption sse,
            String kmsKeyId) {
        this.endpoint = blankToNull(endpoint);
        this.region = blankToNull(region);
        this.pathStyleAccess = pathStyleAccess;
        this.credentials = credentials;
        this.sse = sse;
        this.kmsKeyId = blankToNull(kmsKeyId);
        if (this.endpoint != null) {
            URI uri;
            try {
                uri = URI.create(this.endpoint);
            } catch (IllegalArgumentException e) {
                throw OptionReader.invalid(
                        S3Options.ENDPOINT, "expected http(s)://host[:port], got " + this.endpoint);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                    || uri.getHost() == null) {
                throw OptionReader.invalid(
                        S3Options.ENDPOINT, "expected http(s)://host[:port], got " + this.endpoint);
            }
        }
        if (credentials == CredentialsProvider.EMULATOR && !isLoopback(this.endpoint)) {
            throw OptionReader.invalid(
                    S3Options.CREDENTIALS_PROVIDER,
                    "EMULATOR is only for a local S3 server;"
                            + " set "
                            + S3Options.ENDPOINT.key()
                            + " to a loopback address such as"
                            + " http://127.0.0.1:9000, or use DEFAULT_CHAIN");
        }
        if (this.kmsKeyId != null && sse != Encryption.SSE_KMS) {
            throw OptionReader.invalid(
                    S3Options.SSE_KMS_KEY_ID, "only used with " + S3Options.SSE.key() + "=SSE_KMS");
        }
    }

    public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    public boolean pathStyleAccess() {
        return pathStyleAccess;
    }

    public CredentialsProvider credentialsProvider() {
        return credentials;
    }

    public Encryption sse() {
        return sse;
    }

    public Optional<String> kmsKeyId() {
        return Optional.ofNullable(kmsKeyId);
    }

    /**
     * The Flink configuration entries of {@code flink-s3-fs-hadoop} (its {@code fs.s3a.*} keys,
     * passed through as they are) for these settings. With {@link CredentialsProvider#EMULATOR}
     * they hold the emulator's dummy keys; with the default chain, no key at all.
     */
    public Map<String, String> flinkConfiguration() {
        Map<String, String> c = new LinkedHashMap<>();
        if (endpoint != null) c.put("fs.s3a.endpoint", endpoint);
        if (region != null) c.put("fs.s3a.endpoint.region", region);
        c.put("fs.s3a.path.style.access", String.valueOf(pathStyleAccess));
        if (credentials == CredentialsProvider.EMULATOR) {
            c.put("fs.s3a.aws.credentials.provider", STATIC_KEYS_CLASS);
            c.put("fs.s3a.access.key", S3Options.EMULATOR_IDENTITY);
            c.put("fs.s3a.secret.key", S3Options.EMULATOR_IDENTITY);
        } else {
            c.put("fs.s3a.aws.credentials.provider", DEFAULT_CHAIN_CLASS);
        }
        if (endpoint != null && endpoint.startsWith("http://"))
            c.put("fs.s3a.connection.ssl.enabled", "false");
        switch (sse) {
            case SSE_S3:
                c.put("fs.s3a.encryption.algorithm", "AES256");
                break;
            case SSE_KMS:
                c.put("fs.s3a.encryption.algorithm", "SSE-KMS");
                if (kmsKeyId != null) c.put("fs.s3a.encryption.key", kmsKeyId);
                break;
            default:
                break;
        }
        return c;
    }

    private static boolean isLoopback(String endpoint) {
        if (endpoint == null) return false;
        String host = URI.create(endpoint).getHost();
        if (host == null) return false;
        if (host.equals("localhost")) return true;
        try {
            // Only literal addresses: a name is not resolved (no DNS lookup at start-up).
            if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) return false;
            return InetAddress.getByName(host.replace("[", "").replace("]", ""))
                    .isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
