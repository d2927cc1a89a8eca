package dev.streamlake.job.sink;

import dev.streamlake.job.metrics.LakeMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Passes records on to a lake table's writer unchanged and measures how far the table is behind:
 * {@value LakeMetrics#DATA_FRESHNESS} and, for a table fed event-time watermarks, {@value
 * LakeMetrics#EVENT_TIME_LAG}. It is the pre-write step of the FileSink (see {@link LakeTableSink})
 * and of Iceberg's sink (see {@link IcebergTables}), chained in front of the writer, so it sees
 * exactly the writer's records, watermarks and checkpoints.
 *
 * <p><b>Freshness</b> is the age of the oldest record handed to the writer that no completed
 * checkpoint has committed yet, the lake's counterpart of Firehose's DataFreshness (the time a
 * record waited in Kinesis before that is the connector's {@code millisBehindLatest}). Records
 * before a checkpoint's barrier are in the part files that checkpoint commits; so the oldest
 * arrival of each epoch is remembered under its checkpoint id and forgotten when that checkpoint
 * (or a later one, which subsumes it) completes. An aborted checkpoint's files are committed by the
 * next one, and so are its records here. No state: after a restore the records are read again.
 */
final class CommitWatch<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;
    private static final long NONE = Long.MIN_VALUE;

    private final String table;
    private final boolean eventTime;

    // Written by the task thread, read by the gauges on the metrics thread: hence volatile fields
    // and a concurrent map (a TreeMap could throw while the task changes it).
    /** Oldest arrival since the last barrier, or NONE. */
    private transient volatile long oldestSinceBarrier;

    /** Oldest arrival of each checkpoint not yet known complete. */
    private transient ConcurrentSkipListMap<Long, Long> oldestByCheckpoint;

    private transient volatile long watermark;

    /**
     * @param table the lake table, for the metrics' {@code table} group
     * @param eventTime whether the table's input carries event-time watermarks (then {@value
     *     LakeMetrics#EVENT_TIME_LAG} is reported)
     */
    CommitWatch(String table, boolean eventTime) {
        this.table = table;
        this.eventTime = eventTime;
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    /**
     * {@code input} through a commit watch of {@code table}, named {@value
     * LakeTableSink#COMMIT_WATCH}, uid {@value LakeTableSink#COMMIT_WATCH_UID}: a sink's pre-write
     * step (Flink prefixes both with the sink's).
     */
    static <T> DataStream<T> before(DataStream<T> input, String table, boolean eventTime) {
        return input.transform(
                        LakeTableSink.COMMIT_WATCH,
                        input.getType(),
                        new CommitWatch<T>(table, eventTime))
                .uid(LakeTableSink.COMMIT_WATCH_UID);
    }

    @Override
    public void open() throws Exception {
        super.open();
        oldestSinceBarrier = NONE;
        oldestByCheckpoint = new ConcurrentSkipListMap<>();
        watermark = NONE;
        MetricGroup metrics = LakeMetrics.ofTable(getMetricGroup(), table);
        metrics.gauge(LakeMetrics.DATA_FRESHNESS, this::dataFreshness);
        if (eventTime) metrics.gauge(LakeMetrics.EVENT_TIME_LAG, this::eventTimeLag);
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        if (oldestSinceBarrier == NONE) oldestSinceBarrier = now();
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() != Long.MAX_VALUE) watermark = mark.getTimestamp();
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (oldestSinceBarrier != NONE) {
            oldestByCheckpoint.put(context.getCheckpointId(), oldestSinceBarrier);
            oldestSinceBarrier = NONE;
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        oldestByCheckpoint.headMap(checkpointId, true).clear();
    }

    /**
     * Milliseconds since the oldest uncommitted record reached the writer; 0 when none is pending.
     */
    long dataFreshness() {
        // Each epoch's first arrival is later than the previous epoch's: the earliest pending
        // checkpoint holds the oldest record.
        Map.Entry<Long, Long> earliest = oldestByCheckpoint.firstEntry();
        long oldest = earliest != null ? earliest.getValue() : oldestSinceBarrier;
        return oldest == NONE ? 0 : Math.max(0, now() - oldest);
    }

    /** Milliseconds between now and the last watermark; -1 before the first one. */
    long eventTimeLag() {
        return watermark == NONE ? -1 : now() - watermark;
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }
}
