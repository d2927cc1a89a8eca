package dev.streamlake.job.sink;

import dev.streamlake.job.metrics.LakeMetrics;
import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.writer.FileWriterBucketState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * One lake table: Flink's exactly-once {@link FileSink}, unchanged (same writer, state,
 * committables and serializers, so savepoints are the FileSink's), plus the table's metrics under
 * the group {@code table=<name>}:
 *
 * <ul>
 *   <li>{@value LakeMetrics#FILES_COMMITTED} and {@value LakeMetrics#BYTES_COMMITTED}, counted by
 *       the committer as it commits ({@link CountingCommitter});
 *   <li>{@value LakeMetrics#DATA_FRESHNESS} and, for the events table, {@value
 *       LakeMetrics#EVENT_TIME_LAG}, from a pass-through step chained before the writer ({@link
 *       CommitWatch}), named {@code <sink name>: Commit watch} in the graph.
 * </ul>
 *
 * <p>Compaction, the FileSink's pre-commit topology, is passed through (the committer then counts
 * the compacted files it commits); concurrent execution attempts (speculative execution in batch
 * mode) are left out.
 */
public final class LakeTableSink<T>
        implements Sink<T>,
                SupportsWriterState<T, FileWriterBucketState>,
                SupportsWriterState.WithCompatibleState,
                SupportsCommitter<FileSinkCommittable>,
                SupportsPreWriteTopology<T>,
                SupportsPreCommitTopology<FileSinkCommittable, FileSinkCommittable> {
    private static final long serialVersionUID = 1L;

    /** Name of the pass-through step; Flink prefixes it with the sink's name. */
    public static final String COMMIT_WATCH = "Commit watch";

    /** Its uid; Flink prefixes it with the sink's uid, so each table's is stable and distinct. */
    public static final String COMMIT_WATCH_UID = "commit-watch";

    private final String table;
    private final FileSink<T> files;
    private final boolean eventTime;

    LakeTableSink(String table, FileSink<T> files, boolean eventTime) {
        this.table = table;
        this.files = files;
        this.eventTime = eventTime;
    }

    public String table() {
        return table;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) throws IOException {
        return files.createWriter(context);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return files.createWriter(context);
    }

    @Override
    public StatefulSinkWriter<T, FileWriterBucketState> restoreWriter(
            WriterInitContext context, Collection<FileWriterBucketState> state) throws IOException {
        return files.restoreWriter(context, state);
    }

    @Override
    public SimpleVersionedSerializer<FileWriterBucketState> getWriterStateSerializer() {
        return files.getWriterStateSerializer();
    }

    @Override
    public Collection<String> getCompatibleWriterStateNames() {
        return files.getCompatibleWriterStateNames();
    }

    @Override
    public Committer<FileSinkCommittable> createCommitter(CommitterInitContext context)
            throws IOException {
        MetricGroup metrics = LakeMetrics.ofTable(context.metricGroup(), table);
        return new CountingCommitter(
                files.createCommitter(context),
                metrics.counter(LakeMetrics.FILES_COMMITTED),
                metrics.counter(LakeMetrics.BYTES_COMMITTED));
    }

    @Override
    public SimpleVersionedSerializer<FileSinkCommittable> getCommittableSerializer() {
        return files.getCommittableSerializer();
    }

    @Override
    public DataStream<CommittableMessage<FileSinkCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<FileSinkCommittable>> committables) {
        return files.addPreCommitTopology(committables); // unchanged unless compaction is on
    }

    @Override
    public SimpleVersionedSerializer<FileSinkCommittable> getWriteResultSerializer() {
        return files.getWriteResultSerializer();
    }

    @Override
    public DataStream<T> addPreWriteTopology(DataStream<T> input) {
        // Flink prefixes both with the sink's own: uid "lake-events: commit-watch", and so on.
        return CommitWatch.before(input, table, eventTime);
    }
}
