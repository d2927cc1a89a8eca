package dev.streamlake.job.sink;

import dev.streamlake.job.config.LakeOptions.Format;
import dev.streamlake.job.config.TableFiles;
import dev.streamlake.udfs.lake.FailedRecordEncoder;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.lake.RowEncoder;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.schema.TableSchema;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.ConcatFileCompactor;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.FileCompactor;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.types.Row;

/**
 * The lake's tables as exactly-once FileSinks: part files are written in progress (hidden, named
 * {@code .part-...}) and renamed or, on S3, their multipart uploads completed, only when the
 * checkpoint that covers them completes. A part file rolls at every checkpoint, so each checkpoint
 * adds one file per subtask to every partition that subtask wrote to: with Parquet as with GZIP
 * JSON (Parquet can only roll on checkpoints). Compaction ({@link TableFiles#compacted}) merges
 * them.
 *
 * <p>With compaction, the writers' files stay hidden once committed; the compactor merges a
 * partition's files (GZIP parts byte for byte, since concatenated GZIP streams are one valid GZIP
 * file; Parquet record by record) into {@code compacted-part-...}, which becomes visible at the
 * next checkpoint, and then deletes the hidden ones. Still exactly once: which files a merge takes
 * is checkpointed state.
 *
 * <p>A table of format {@code iceberg} is instead an Apache Iceberg table written by Iceberg's own
 * Flink sink ({@link IcebergTables}), also committed once per checkpoint, with the same metrics.
 *
 * <p>Each table's sink also reports its metrics (files and bytes committed, data freshness): see
 * {@link LakeTableSink}.
 *
 * <p>The sinks take {@link EncodedRecord}s: each table's {@link TableEncoder} (from here too, so a
 * table's encoder and sink always agree on format and columns) runs as its own step before the
 * sink, where a record that cannot be written becomes an error row instead of a writer exception.
 */
public final class LakeSinks {
    /**
     * The errors table's column its rows are placed by (see {@link FailedRecordEncoder#COLUMNS}).
     */
    private static final String ERRORS_TIME = "arrival_time";

    private LakeSinks() {}

    /** {@code <lake>/events/dt=<event hour>/part-*.json.gz} or {@code .parquet}, or Iceberg's. */
    public static Sink<EncodedRecord> events(
            String lakePath, TableSchema schema, TableFiles files) {
        return rowTable(lakePath, LakeLayout.EVENTS, schema, files, true);
    }

    /** {@code <lake>/anomalies/dt=<event hour>/part-*}: scored events over the threshold. */
    public static Sink<EncodedRecord> anomalies(
            String lakePath, TableSchema scoredSchema, TableFiles files) {
        // a side output of scoring, before the watermarks
        return rowTable(lakePath, LakeLayout.ANOMALIES, scoredSchema, files, false);
    }

    /**
     * {@code <lake>/hotspots/dt=<event hour>/part-*}: hotspot changes (rows of the changes schema).
     */
    public static Sink<EncodedRecord> hotspots(
            String lakePath, TableSchema changesSchema, TableFiles files) {
        // a side output of hotspot detection, before the watermarks
        return rowTable(lakePath, LakeLayout.HOTSPOTS, changesSchema, files, false);
    }

    /** {@code <lake>/errors/dt=<arrival hour>/part-*.json.gz} or {@code .parquet}, or Iceberg's. */
    public static Sink<EncodedRecord> errors(String lakePath, TableFiles files) {
        return table(lakePath, LakeLayout.ERRORS, LakeColumns.errors(), ERRORS_TIME, files, false);
    }

    /** A table of {@code schema}'s rows, placed by its event-time column. */
    private static Sink<EncodedRecord> rowTable(
            String lakePath,
            String table,
            TableSchema schema,
            TableFiles files,
            boolean eventTimeWatermarks) {
        String eventTime = schema.column(schema.eventTimeIndex()).name();
        return table(
                lakePath, table, LakeColumns.rows(schema), eventTime, files, eventTimeWatermarks);
    }

    /** Rows of the events (or, with the scored schema, anomalies) table, placed by event time. */
    public static TableEncoder<Row> rowEncoder(TableSchema schema, TableFiles files) {
        int eventTime = schema.eventTimeIndex();
        String name = schema.column(eventTime).name();
        return TableEncoder.of(
                files.format(),
                LakeColumns.rows(schema),
                new RowEncoder(schema),
                row -> {
                    Object t = row.getField(eventTime);
                    if (t instanceof Long) return (Long) t;
                    throw new IllegalArgumentException(
                            "column " + name + ": the event time is " + t + ", not epoch millis");
                });
    }

    /** Rows of the errors table, placed by arrival time. */
    public static TableEncoder<FailedRecord> errorEncoder(TableFiles files) {
        return TableEncoder.of(
                files.format(),
                LakeColumns.errors(),
                new FailedRecordEncoder(),
                f -> f.arrivalTime);
    }

    /** A table's sink by its format: any table can be any format. */
    private static Sink<EncodedRecord> table(
            String lakePath,
            String table,
            LakeColumns<?> columns,
            String timeColumn,
            TableFiles files,
            boolean eventTimeWatermarks) {
        if (files.format() == Format.ICEBERG)
            return IcebergTables.sink(
                    lakePath, table, columns, timeColumn, files, eventTimeWatermarks);
        return fileSink(lakePath, table, columns, files, eventTimeWatermarks);
    }

    private static LakeTableSink<EncodedRecord> fileSink(
            String lakePath,
            String table,
            LakeColumns<?> columns,
            TableFiles files,
            boolean eventTimeWatermarks) {
        boolean parquet = files.format() == Format.PARQUET;
        BulkWriter.Factory<EncodedRecord> writer =
                parquet
                        ? ParquetTables.writerFactory(table, columns, files.parquetCompression())
                        : new GzipJsonLinesWriter.Factory(files.gzipLevel());
        FileSink.DefaultBulkFormatBuilder<EncodedRecord> builder =
                FileSink.forBulkFormat(new Path(lakePath + "/" + table), writer)
                        .withBucketAssigner(
                                new HourlyBucketAssigner<>(EncodedRecord::partitionTime))
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .withOutputFileConfig(
                                OutputFileConfig.builder()
                                        .withPartPrefix(LakeLayout.PART_PREFIX)
                                        .withPartSuffix(
                                                parquet
                                                        ? LakeLayout.PARQUET_SUFFIX
                                                        : LakeLayout.JSON_GZIP_SUFFIX)
                                        .build());
        if (files.compaction()) {
            FileCompactor compactor =
                    parquet
                            ? new RecordWiseFileCompactor<>(
                                    ParquetTables.readerFactory(table, columns))
                            : new ConcatFileCompactor();
            builder.enableCompact(
                    FileCompactStrategy.Builder.newBuilder()
                            .setSizeThreshold(files.compactionTargetBytes())
                            .enableCompactionOnCheckpoint(files.compactionMaxCheckpoints())
                            .setNumCompactThreads(1)
                            .build(),
                    compactor);
        }
        return new LakeTableSink<>(table, builder.build(), eventTimeWatermarks);
    }
}
