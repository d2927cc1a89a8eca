package org.apache.iceberg.flink.sink;

import java.io.IOException;
import java.io.Serializable;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.Table;
import org.apache.iceberg.flink.FlinkWriteConf;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.io.WriteResult;

/**
 * Iceberg's own Flink sink ({@link IcebergSink}: its writer, commit aggregator, committer and
 * serializers, unchanged) taking records of another type, which its writer turns into {@link
 * RowData} as it writes them: a {@link Sink} object like every other lake table's, so the pipeline
 * wires all tables alike ({@code sinkTo}).
 *
 * <p>Two changes to Iceberg's sink: the commit aggregator files the committable of the end of input
 * under a checkpoint that commits it ({@link EndOfInputAggregator}: Iceberg's loses the records
 * after the last checkpoint of a bounded input or {@code stop --drain} on Flink 1.19.3); and the
 * committer tells {@link Committed} what each commit added. Two hooks for the caller's metrics: a
 * step before the writer ({@link PreWrite}) and the committer's counts ({@link CommitMetrics}).
 *
 * <p>It lives in Iceberg's package because {@code IcebergSink.Builder#build()}, {@code
 * IcebergCommittable}, the aggregator and the committer are package-private in Iceberg 1.9.2: the
 * public API only appends the sink to a stream of {@code RowData} ({@code Builder#append()}).
 * Everything else is Iceberg's code. The Iceberg version is pinned in the parent pom; tests run
 * this sink end to end (exactly once across a failure, every record of a bounded input), so a
 * change of these internals fails the build rather than the job.
 */
public final class MappingIcebergSink<T>
        implements Sink<T>,
                SupportsCommitter<IcebergCommittable>,
                SupportsPreCommitTopology<WriteResult, IcebergCommittable>,
                SupportsPostCommitTopology<IcebergCommittable>,
                SupportsPreWriteTopology<T> {
    private static final long serialVersionUID = 1L;

    /** Turns a record into the row the table's writer takes; must not throw on valid records. */
    public interface ToRowData<T> extends Serializable {
        RowData apply(T record);
    }

    /** Steps before the writer (Flink prefixes their uids with the sink's). */
    public interface PreWrite<T> extends Serializable {
        DataStream<T> apply(DataStream<T> input);
    }

    /** Makes a committer's {@link Committed} from the committer's metric group. */
    public interface CommitMetrics extends Serializable {
        Committed of(MetricGroup committerMetrics);
    }

    /** Told, after each Iceberg commit, the data files and bytes it added. */
    public interface Committed {
        void add(long dataFiles, long dataBytes);
    }

    private final IcebergSink iceberg;
    private final ToRowData<T> toRow;
    private final PreWrite<T> preWrite;
    private final CommitMetrics commitMetrics;
    // What Iceberg's sink hands its aggregator and committer (its fields are private).
    private final TableLoader loader;
    private final String tableName;
    private final String uidSuffix;
    private final String branch;
    private final boolean overwriteMode;
    private final int workerPoolSize;
    private final String sinkId = UUID.randomUUID().toString();

    private MappingIcebergSink(
            IcebergSink iceberg,
            ToRowData<T> toRow,
            PreWrite<T> preWrite,
            CommitMetrics commitMetrics,
            TableLoader loader,
            Table table,
            String uidSuffix,
            FlinkWriteConf conf) {
        this.iceberg = iceberg;
        this.toRow = toRow;
        this.preWrite = preWrite;
        this.commitMetrics = commitMetrics;
        this.loader = loader;
        this.tableName = table.name();
        this.uidSuffix = uidSuffix;
        this.branch = conf.branch();
        this.overwriteMode = conf.overwriteMode();
        this.workerPoolSize = conf.workerPoolSize();
    }

    /**
     * The sink of a table: {@code toRow} makes rows of the table's columns, in its order; Iceberg
     * write options {@code writeOptions}; operator uids suffixed with {@code uidSuffix} (not
     * empty); {@code preWrite} runs before the writer; {@code commitMetrics} counts the commits.
     */
    public static <T> MappingIcebergSink<T> of(
            TableLoader loader,
            Table table,
            Map<String, String> writeOptions,
            String uidSuffix,
            ToRowData<T> toRow,
            PreWrite<T> preWrite,
            CommitMetrics commitMetrics) {
        if (uidSuffix.isEmpty()) throw new IllegalArgumentException("empty uid suffix");
        IcebergSink sink =
                IcebergSink.forRowData(null) // input unused: only append() reads it
                        .tableLoader(loader)
                        .table(table)
                        .setAll(writeOptions)
                        .uidSuffix(uidSuffix)
                        .build();
        // As IcebergSink.Builder#build() reads them.
        FlinkWriteConf conf = new FlinkWriteConf(table, writeOptions, new Configuration());
        return new MappingIcebergSink<>(
                sink, toRow, preWrite, commitMetrics, loader, table, uidSuffix, conf);
    }

    @Override
    public DataStream<T> addPreWriteTopology(DataStream<T> input) {
        return preWrite.apply(input);
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) throws IOException {
        @SuppressWarnings("unchecked")
        CommittingSinkWriter<RowData, WriteResult> writer =
                (CommittingSinkWriter<RowData, WriteResult>) iceberg.createWriter(context);
        return new MappingWriter<>(writer, toRow);
    }

    @Override
    public Committer<IcebergCommittable> createCommitter(CommitterInitContext context) {
        // IcebergSink#createCommitter, with metrics that also tell commitMetrics.
        IcebergFilesCommitterMetrics metrics =
                new CountingCommitterMetrics(
                        context.metricGroup(), tableName, commitMetrics.of(context.metricGroup()));
        return new IcebergCommitter(
                loader, branch, Map.of(), overwriteMode, workerPoolSize, sinkId, metrics);
    }

    @Override
    public SimpleVersionedSerializer<IcebergCommittable> getCommittableSerializer() {
        return iceberg.getCommittableSerializer();
    }

    @Override
    public DataStream<CommittableMessage<IcebergCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<WriteResult>> writeResults) {
        // IcebergSink#addPreCommitTopology (same uid), with the end of input's committable filed
        // under a checkpoint that commits it.
        String uid = "Sink pre-commit aggregator: " + uidSuffix;
        return writeResults
                .global()
                .transform(
                        uid,
                        CommittableMessageTypeInfo.of(iceberg::getCommittableSerializer),
                        new EndOfInputAggregator(loader))
                .uid(uid)
                .setParallelism(1)
                .setMaxParallelism(1)
                // all committables to the committer's subtask 0, so one subtask commits
                .global();
    }

    @Override
    public SimpleVersionedSerializer<WriteResult> getWriteResultSerializer() {
        return iceberg.getWriteResultSerializer();
    }

    @Override
    public void addPostCommitTopology(
            DataStream<CommittableMessage<IcebergCommittable>> committables) {
        iceberg.addPostCommitTopology(committables);
    }

    /** Iceberg's writer behind a conversion of each record. */
    private static final class MappingWriter<T> implements CommittingSinkWriter<T, WriteResult> {
        private final CommittingSinkWriter<RowData, WriteResult> rows;
        private final ToRowData<T> toRow;

        MappingWriter(CommittingSinkWriter<RowData, WriteResult> rows, ToRowData<T> toRow) {
            this.rows = rows;
            this.toRow = toRow;
        }

        @Override
        public void write(T element, Context context) throws IOException, InterruptedException {
            rows.write(toRow.apply(element), context);
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            rows.writeWatermark(watermark);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            rows.flush(endOfInput);
        }

        @Override
        public Collection<WriteResult> prepareCommit() throws IOException, InterruptedException {
            return rows.prepareCommit();
        }

        @Override
        public void close() throws Exception {
            rows.close();
        }
    }
}
