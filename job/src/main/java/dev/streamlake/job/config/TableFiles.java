package dev.streamlake.job.config;

import dev.streamlake.job.config.LakeOptions.Format;
import dev.streamlake.job.config.LakeOptions.ParquetCompression;
import java.io.Serializable;
import java.util.Objects;

/**
 * How one table's part files are written: format, compression and compaction; for Iceberg tables,
 * also the catalog they are registered in (typed configuration of the sinks, here so that the
 * configuration does not depend on the sink package).
 *
 * <p>Defaults ({@link #jsonGzip(int)}): GZIP JSON lines, no compaction, one file per bucket and
 * subtask at every checkpoint.
 */
public final class TableFiles implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Format format;
    private final int gzipLevel;
    private final ParquetCompression parquetCompression;
    private final long compactionTargetBytes;
    private final int compactionMaxCheckpoints;
    private final IcebergConfig iceberg;
    private final S3Config s3;

    private TableFiles(
            Format format,
            int gzipLevel,
            ParquetCompression parquetCompression,
            long compactionTargetBytes,
            int compactionMaxCheckpoints) {
        this(
                format,
                gzipLevel,
                parquetCompression,
                compactionTargetBytes,
                compactionMaxCheckpoints,
                null,
                null);
    }

    private TableFiles(
            Format format,
            int gzipLevel,
            ParquetCompression parquetCompression,
            long compactionTargetBytes,
            int compactionMaxCheckpoints,
            IcebergConfig iceberg,
            S3Config s3) {
        this.format = Objects.requireNonNull(format, "format");
        this.gzipLevel = gzipLevel;
        this.parquetCompression = Objects.requireNonNull(parquetCompression, "parquetCompression");
        this.compactionTargetBytes = compactionTargetBytes;
        this.compactionMaxCheckpoints = compactionMaxCheckpoints;
        this.iceberg = iceberg;
        this.s3 = s3;
    }

    /** GZIP JSON lines at a level, no compaction. */
    public static TableFiles jsonGzip(int gzipLevel) {
        return new TableFiles(Format.JSON_GZIP, gzipLevel, ParquetCompression.SNAPPY, -1, -1);
    }

    /** Parquet with a page compression, no compaction. */
    public static TableFiles parquet(ParquetCompression compression) {
        return new TableFiles(Format.PARQUET, 6, compression, -1, -1);
    }

    /** The given format; {@code gzipLevel} applies to JSON, {@code compression} to Parquet. */
    public static TableFiles of(Format format, int gzipLevel, ParquetCompression compression) {
        return new TableFiles(format, gzipLevel, compression, -1, -1);
    }

    /**
     * These files, compacted per partition: merged once they add up to {@code targetBytes}, or
     * after {@code maxCheckpoints} checkpoints, whichever comes first.
     */
    public TableFiles compacted(long targetBytes, int maxCheckpoints) {
        if (targetBytes <= 0) throw new IllegalArgumentException("targetBytes must be positive");
        if (maxCheckpoints < 1)
            throw new IllegalArgumentException("maxCheckpoints must be at least 1");
        return new TableFiles(
                format, gzipLevel, parquetCompression, targetBytes, maxCheckpoints, iceberg, s3);
    }

    /**
     * These files, registered in this catalog when the format is Iceberg (S3 for an s3:// lake).
     */
    public TableFiles withIceberg(IcebergConfig catalog, S3Config s3Settings) {
        return new TableFiles(
                format,
                gzipLevel,
                parquetCompression,
                compactionTargetBytes,
                compactionMaxCheckpoints,
                catalog,
                s3Settings);
    }

    public Format format() {
        return format;
    }

    public int gzipLevel() {
        return gzipLevel;
    }

    public ParquetCompression parquetCompression() {
        return parquetCompression;
    }

    /** The Iceberg catalog; set (by {@link #withIceberg}) for Iceberg tables. */
    public IcebergConfig iceberg() {
        return Objects.requireNonNull(iceberg, "no Iceberg catalog given (TableFiles.withIceberg)");
    }

    public S3Config s3() {
        return s3;
    }

    public boolean compaction() {
        return compactionTargetBytes > 0;
    }

    public long compactionTargetBytes() {
        return compactionTargetBytes;
    }

    public int compactionMaxCheckpoints() {
        return compactionMaxCheckpoints;
    }

    @Override
    public String toString() {
        String f =
                format == Format.PARQUET
                        ? "parquet/" + parquetCompression
                        : format == Format.ICEBERG
                                ? "iceberg/" + parquetCompression + " in " + iceberg
                                : "json-gzip/" + gzipLevel;
        return compaction()
                ? f
                        + ", compacted to "
                        + compactionTargetBytes
                        + " bytes or every "
                        + compactionMaxCheckpoints
                        + " checkpoints"
                : f;
    }
}
