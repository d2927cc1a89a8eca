package dev.streamlake.job.config;

import java.time.Duration;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Property group {@code lake}: where and how the lake is written. */
public final class LakeOptions {

    /** How a table's part files are written. Spelled in lower case in configuration. */
    public enum Format {
        /** Newline-delimited JSON, one GZIP stream per part file ({@code .json.gz}). */
        JSON_GZIP,
        /** Apache Parquet, columns typed from the schema ({@code .parquet}). */
        PARQUET,
        /**
         * An Apache Iceberg table of Parquet files, in the catalog {@code lake.iceberg.*} names.
         */
        ICEBERG;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Compression of Parquet pages. */
    public enum ParquetCompression {
        SNAPPY,
        GZIP,
        ZSTD
    }

    public static final ConfigOption<String> PATH =
            ConfigOptions.key("lake.path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Base path of the lake (required): s3://bucket/prefix on AWS,"
                                    + " file:///path locally. Tables go to <path>/events and"
                                    + " <path>/errors.");

    public static final ConfigOption<Integer> GZIP_LEVEL =
            ConfigOptions.key("lake.gzip-level")
                    .intType()
                    .defaultValue(6)
                    .withDescription(
                            "GZIP compression level of the JSON part files, 1 (fast) to 9."
                                    + " DEFLATE is most of the job's CPU: a lower level buys throughput with"
                                    + " larger files (BENCHMARKS.md measures both).");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("lake.checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "Interval of the EXACTLY_ONCE checkpoints the job enables when the"
                                    + " environment has none (no execution.checkpointing.interval);"
                                    + " files become visible at each checkpoint. Checkpointing the"
                                    + " environment configures is kept, and on Managed Flink the"
                                    + " application's settings decide (disabled there: the job"
                                    + " refuses to start).");

    public static final ConfigOption<Format> EVENTS_FORMAT =
            ConfigOptions.key("lake.events.format")
                    .enumType(Format.class)
                    .defaultValue(Format.JSON_GZIP)
                    .withDescription(
                            "File format of the events table (and of the anomalies table):"
                                    + " json-gzip, parquet or iceberg (lake.iceberg.* says which"
                                    + " catalog).");

    public static final ConfigOption<Format> ERRORS_FORMAT =
            ConfigOptions.key("lake.errors.format")
                    .enumType(Format.class)
                    .defaultValue(Format.JSON_GZIP)
                    .withDescription(
                            "File format of the errors table: json-gzip, parquet or iceberg.");

    public static final ConfigOption<ParquetCompression> PARQUET_COMPRESSION =
            ConfigOptions.key("lake.parquet.compression")
                    .enumType(ParquetCompression.class)
                    .defaultValue(ParquetCompression.SNAPPY)
                    .withDescription(
                            "Compression of Parquet and Iceberg tables: SNAPPY (fast), GZIP or ZSTD"
                                    + " (smaller).");

    public static final ConfigOption<Boolean> COMPACTION_ENABLED =
            ConfigOptions.key("lake.compaction.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Merge each partition's small part files into files of about"
                                    + " lake.compaction.target-size before they become visible"
                                    + " (GZIP parts are concatenated, Parquet rewritten record by"
                                    + " record). Still exactly once; files appear later.");

    public static final ConfigOption<MemorySize> COMPACTION_TARGET_SIZE =
            ConfigOptions.key("lake.compaction.target-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("128 mb"))
                    .withDescription(
                            "With compaction: a partition's files are merged once they add up to"
                                    + " this size.");

    public static final ConfigOption<Integer> COMPACTION_MAX_CHECKPOINTS =
            ConfigOptions.key("lake.compaction.max-checkpoints")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "With compaction: merge whatever a partition has after this many"
                                    + " checkpoints even below the target size, so files become"
                                    + " visible within about this many checkpoint intervals.");

    private LakeOptions() {}
}
