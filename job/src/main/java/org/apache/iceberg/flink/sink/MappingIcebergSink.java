package org.apache.iceberg.flink.sink;

import java.io.IOException;
import java.io.Serializable;
import java.util.Collection;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.Table;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.io.WriteResult;

/**
 * Iceberg's own Flink sink ({@link IcebergSink}: its writer, commit aggregator, committer and
 * serializers, unchanged) taking records of another type, which its writer turns into {@link
 * RowData} as it writes them: a {@link Sink} object like every other lake table's, so the pipeline
 * wires all tables alike ({@code sinkTo}).
 *
 * <p>It lives in Iceberg's package because {@code IcebergSink.Builder#build()} and {@code
 * IcebergCommittable} are package-private in Iceberg 1.9.2: the public API only appends the sink to
 * a stream of {@code RowData} ({@code Builder#append()}). Everything else is Iceberg's code. The
 * Iceberg version is pinned in the parent pom; a test runs this sink end to end (exactly once
 * across a failure), so a change of these internals fails the build rather than the job.
 */
public final class MappingIcebergSink<T>
        implements Sink<T>,
                SupportsCommitter<IcebergCommittable>,
                SupportsPreCommitTopology<WriteResult, IcebergCommittable>,
                SupportsPostCommitTopology<IcebergCommittable> {
    private static final long serialVersionUID = 1L;

    /** Turns a record into the row the table's writer takes; must not throw on valid records. */
    public interface ToRowData<T> extends Serializable {
        RowData apply(T record);
    }

    private final IcebergSink iceberg;
    private final ToRowData<T> toRow;

    private MappingIcebergSink(IcebergSink iceberg, ToRowData<T> toRow) {
        this.iceberg = iceberg;
        this.toRow = toRow;
    }

    /**
     * The sink of a table: {@code toRow} makes rows of the table's columns, in its order; Iceberg
     * write options {@code writeOptions}; operator uids suffixed with {@code uidSuffix}.
     */
    public static <T> MappingIcebergSink<T> of(
            TableLoader loader,
            Table table,
            Map<String, String> writeOptions,
            String uidSuffix,
            ToRowData<T> toRow) {
        IcebergSink sink =
                IcebergSink.forRowData(null) // input unused: only append() reads it
                        .tableLoader(loader)
                        .table(table)
                        .setAll(writeOptions)
                        .uidSuffix(uidSuffix)
                        .build();
        return new MappingIcebergSink<>(sink, toRow);
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
    public Committer<IcebergCommittable> createCommitter(CommitterInitContext context)
            throws IOException {
        return iceberg.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<IcebergCommittable> getCommittableSerializer() {
        return iceberg.getCommittableSerializer();
    }

    @Override
    public DataStream<CommittableMessage<IcebergCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<WriteResult>> writeResults) {
        return iceberg.addPreCommitTopology(writeResults);
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
