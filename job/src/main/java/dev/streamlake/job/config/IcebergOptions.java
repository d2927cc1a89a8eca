package dev.streamlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Settings of tables written as Apache Iceberg ({@code lake.<table>.format=iceberg}): which catalog
 * holds them. Their files go under {@code lake.path} as the other formats' do.
 */
public final class IcebergOptions {

    /** The Iceberg catalog the tables are registered in. */
    public enum Catalog {
        /** AWS Glue Data Catalog (Athena's), files through S3FileIO. */
        GLUE,
        /** Iceberg's JDBC catalog on PostgreSQL (local runs and tests; Trino reads it too). */
        JDBC
    }

    public static final ConfigOption<Catalog> CATALOG =
            ConfigOptions.key("lake.iceberg.catalog")
                    .enumType(Catalog.class)
                    .defaultValue(Catalog.GLUE)
                    .withDescription(
                            "Catalog of the Iceberg tables: GLUE (on AWS; the database must exist) or"
                                    + " JDBC (Iceberg's JDBC catalog, e.g. on a local PostgreSQL).");

    public static final ConfigOption<String> DATABASE =
            ConfigOptions.key("lake.iceberg.database")
                    .stringType()
                    .defaultValue("streamlake")
                    .withDescription(
                            "Database (namespace) of the Iceberg tables: the Glue database on AWS."
                                    + " Tables are created there if missing, at <lake.path>/<table>.");

    public static final ConfigOption<String> JDBC_URI =
            ConfigOptions.key("lake.iceberg.jdbc-uri")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "With the JDBC catalog (required there): its database, e.g."
                                    + " jdbc:postgresql://127.0.0.1:5432/streamlake.");

    public static final ConfigOption<String> JDBC_USER =
            ConfigOptions.key("lake.iceberg.jdbc-user")
                    .stringType()
                    .defaultValue("streamlake")
                    .withDescription(
                            "With the JDBC catalog: the database user. No password is read: the"
                                    + " JDBC catalog is for local runs (PostgreSQL trusting loopback).");

    public static final ConfigOption<String> CATALOG_NAME =
            ConfigOptions.key("lake.iceberg.catalog-name")
                    .stringType()
                    .defaultValue("streamlake")
                    .withDescription(
                            "With the JDBC catalog: its name (the catalog_name column of its tables;"
                                    + " readers such as Trino must use the same).");

    private IcebergOptions() {}
}
