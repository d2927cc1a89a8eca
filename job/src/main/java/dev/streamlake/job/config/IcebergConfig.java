package dev.streamlake.job.config;

import dev.streamlake.job.config.IcebergOptions.Catalog;
import dev.streamlake.job.config.LakeOptions.Format;
import dev.streamlake.job.config.S3Options.CredentialsProvider;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;

/**
 * The validated {@code lake.iceberg.*} settings ({@link IcebergOptions}) and the catalog properties
 * they become: Iceberg's own keys ({@code catalog-impl}, {@code uri}, {@code io-impl}, {@code
 * s3.*}), the same any Iceberg engine reads.
 */
public final class IcebergConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String GLUE_CATALOG = "org.apache.iceberg.aws.glue.GlueCatalog";
    static final String JDBC_CATALOG = "org.apache.iceberg.jdbc.JdbcCatalog";
    static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";
    static final String HADOOP_FILE_IO = "org.apache.iceberg.hadoop.HadoopFileIO";

    private final Catalog catalog;
    private final String database;
    private final String jdbcUri;
    private final String jdbcUser;
    private final String catalogName;

    IcebergConfig(
            Catalog catalog, String database, String jdbcUri, String jdbcUser, String catalogName) {
        this.catalog = catalog;
        this.database = database;
        this.jdbcUri = jdbcUri;
        this.jdbcUser = jdbcUser;
        this.catalogName = catalogName;
    }

    /** From the job's configuration; a JDBC catalog needs its URI once a table is Iceberg. */
    static IcebergConfig of(Configuration conf) {
        IcebergConfig c =
                new IcebergConfig(
                        conf.get(IcebergOptions.CATALOG),
                        conf.get(IcebergOptions.DATABASE),
                        conf.getOptional(IcebergOptions.JDBC_URI)
                                .filter(s -> !s.isBlank())
                                .orElse(null),
                        conf.get(IcebergOptions.JDBC_USER),
                        conf.get(IcebergOptions.CATALOG_NAME));
        if (!c.database.matches("[a-z0-9_]{1,255}")) {
            // Glue and Athena take lower-case letters, digits and underscores only.
            throw OptionReader.invalid(
                    IcebergOptions.DATABASE,
                    "expected lower-case letters, digits and underscores, got '"
                            + c.database
                            + "'");
        }
        boolean used =
                conf.get(LakeOptions.EVENTS_FORMAT) == Format.ICEBERG
                        || conf.get(LakeOptions.ERRORS_FORMAT) == Format.ICEBERG;
        if (used && c.catalog == Catalog.JDBC) {
            if (c.jdbcUri == null) {
                throw OptionReader.invalid(
                        IcebergOptions.JDBC_URI,
                        "not set (required with " + IcebergOptions.CATALOG.key() + "=JDBC)");
            }
            if (!c.jdbcUri.startsWith("jdbc:")) {
                throw OptionReader.invalid(
                        IcebergOptions.JDBC_URI,
                        "expected a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/streamlake, got '"
                                + c.jdbcUri
                                + "'");
            }
        }
        return c;
    }

    public Catalog catalog() {
        return catalog;
    }

    public String database() {
        return database;
    }

    public Optional<String> jdbcUri() {
        return Optional.ofNullable(jdbcUri);
    }

    public String catalogName() {
        return catalogName;
    }

    /**
     * The catalog's properties for a lake at {@code lakePath}: its warehouse; S3FileIO for {@code
     * s3://} lakes (with {@code lake.s3.*}: endpoint, path style, region, encryption, the
     * emulator's dummy keys), Hadoop's file IO for local ones.
     */
    public Map<String, String> catalogProperties(String lakePath, S3Config s3) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("warehouse", lakePath);
        if (catalog == Catalog.GLUE) {
            p.put("catalog-impl", GLUE_CATALOG);
            p.put("http-client.type", "urlconnection");
        } else {
            p.put("catalog-impl", JDBC_CATALOG);
            p.put("uri", jdbcUri);
            p.put("jdbc.user", jdbcUser);
        }
        if (lakePath.startsWith("s3://") || lakePath.startsWith("s3a://")) {
            p.put("io-impl", S3_FILE_IO);
            p.put("http-client.type", "urlconnection"); // the one HTTP client the job ships
            s3.endpoint().ifPresent(e -> p.put("s3.endpoint", e));
            s3.region().ifPresent(r -> p.put("client.region", r));
            p.put("s3.path-style-access", String.valueOf(s3.pathStyleAccess()));
            if (s3.credentialsProvider() == CredentialsProvider.EMULATOR) {
                p.put("s3.access-key-id", S3Options.EMULATOR_IDENTITY);
                p.put("s3.secret-access-key", S3Options.EMULATOR_IDENTITY);
            }
            switch (s3.sse()) {
                case SSE_S3:
                    p.put("s3.sse.type", "s3");
                    break;
                case SSE_KMS:
                    p.put("s3.sse.type", "kms");
                    s3.kmsKeyId().ifPresent(k -> p.put("s3.sse.key", k));
                    break;
                default:
                    break;
            }
        } else {
            p.put("io-impl", HADOOP_FILE_IO);
        }
        return p;
    }

    @Override
    public String toString() {
        return catalog == Catalog.GLUE
                ? "glue/" + database
                : "jdbc/" + catalogName + "/" + database;
    }
}
