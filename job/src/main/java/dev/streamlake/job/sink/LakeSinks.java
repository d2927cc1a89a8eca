package dev.streamlake.job.sink;

import dev.streamlake.udfs.lake.FailedRecordEncoder;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.lake.LineEncoder;
import dev.streamlake.udfs.lake.RowEncoder;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.schema.TableSchema;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.types.Row;

/**
 * The lake's tables as exactly-once FileSinks: part files are written in progress (hidden,
 * named {@code .part-...}) and renamed or, on S3, their multipart uploads completed, only when the
 * checkpoint that covers them completes. A part file rolls at every checkpoint. Each table's
 * sink also reports its metrics (files and bytes committed, data freshness): see {@link
 * LakeTableSink}.
 */
public final class LakeSinks {
    private LakeSinks() {}

    /** {@code <lake>/events/dt=<event hour>/part-*.json.gz}. */
    public static LakeTableSink<Row> events(String lakePath, TableSchema schema, int gzipLevel) {
        int eventTime = schema.eventTimeIndex();
        return jsonGzip(
                lakePath,
                LakeLayout.EVENTS,
                new RowEncoder(schema),
                row -> (Long) row.getField(eventTime),
                gzipLevel,
                true);
    }

    /** {@code <lake>/anomalies/dt=<event hour>/part-*.json.gz}: scored events over the threshold. */
    public static LakeTableSink<Row> anomalies(String lakePath, TableSchema scoredSchema, int gzipLevel) {
        int eventTime = scoredSchema.eventTimeIndex();
        return jsonGzip(
                lakePath,
                LakeLayout.ANOMALIES,
                new RowEncoder(scoredSchema),
                row -> (Long) row.getField(eventTime),
                gzipLevel,
                false); // a side output of scoring, before the watermarks
    }

    /** {@code <lake>/errors/dt=<arrival hour>/part-*.json.gz}. */
    public static LakeTableSink<FailedRecord> errors(String lakePath, int gzipLevel) {
        return jsonGzip(
                lakePath,
                LakeLayout.ERRORS,
                new FailedRecordEncoder(),
                failed -> failed.arrivalTime,
                gzipLevel,
                false);
    }

    private static <T> LakeTableSink<T> jsonGzip(
            String lakePath,
            String table,
            LineEncoder<T> encoder,
            TimeOf<T> partitionTime,
            int gzipLevel,
            boolean eventTimeWatermarks) {
        FileSink<T> files = FileSink.forBulkFormat(
                        new Path(lakePath + "/" + table), new GzipJsonLinesWriter.Factory<>(encoder, gzipLevel))
                .withBucketAssigner(new HourlyBucketAssigner<>(partitionTime))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix(LakeLayout.PART_PREFIX)
                                .withPartSuffix(LakeLayout.JSON_GZIP_SUFFIX)
                                .build())
                .build();
        return new LakeTableSink<>(table, files, eventTimeWatermarks);
    }
}
