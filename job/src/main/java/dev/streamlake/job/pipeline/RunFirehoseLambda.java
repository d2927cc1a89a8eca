package dev.streamlake.job.pipeline;

import dev.streamlake.job.config.FirehoseLambdaConfig;
import dev.streamlake.job.firehose.FirehoseLambda;
import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs a Firehose transformation Lambda ({@code transform.firehose-lambda.*}) in-process on the raw
 * records, before they are parsed: records are buffered as Firehose buffers them (up to {@code
 * buffer-records} records or {@code buffer-size} bytes of data, for at most {@code
 * buffer-interval}, and always within Lambda's 6 MB payload) and handed to the handler in one
 * event. {@code Ok} records go on with the Lambda's data as their payload (stream, shard, sequence
 * number, partition key and arrival time unchanged); {@code Dropped} ones are counted ({@value
 * LakeMetrics#RECORDS_DROPPED}); {@code ProcessingFailed} ones, and every record of an invocation
 * that failed (see {@link FirehoseLambda}), go to the errors table as {@link
 * ErrorType#TRANSFORM_FAILED} with their original payload and the reason. A record too large for
 * any invocation fails alone, without one.
 *
 * <p>Exactly once across restores: the buffer is invoked and emptied before every checkpoint
 * barrier leaves this operator ({@link #prepareSnapshotPreBarrier}), so no checkpoint holds a
 * record both as read by the source and as still to be sent here; the buffer needs no state. A
 * batch's results are emitted in one go; should a later operator in the chain throw midway, the
 * operator declines every checkpoint after it (as "Unpack KPL aggregates" does), so the job
 * restores from the one before and writes no result twice.
 *
 * <p>Watermarks pass through untouched: the pipeline assigns event-time watermarks only after
 * encoding, so a record held here is never late.
 */
public final class RunFirehoseLambda extends AbstractStreamOperator<RawRecord>
        implements OneInputStreamOperator<RawRecord, RawRecord>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final FirehoseLambdaConfig config;

    private transient FirehoseLambda lambda;
    private transient List<RawRecord> batch;
    private transient List<Long> timestamps;
    private transient long batchBytes;
    private transient long batchPayload;

    /**
     * Bumped at every invocation, so that the timer of an earlier batch does not invoke this one.
     */
    private transient long batchNumber;

    /** A batch whose results were emitted only in part: a later operator threw. */
    private transient boolean unfinished;

    private transient StreamRecord<RawRecord> reuse;

    private transient Counter invocations;
    private transient Counter invocationsFailed;
    private transient Counter ok;
    private transient Counter dropped;
    private transient RecordsFailed failures;

    /**
     * Loads the handler once to check it, so that a missing class or method stops the job's start
     * (where the pipeline is wired) with the key's name, not a task later; each subtask then loads
     * its own instance.
     */
    public RunFirehoseLambda(FirehoseLambdaConfig config) {
        this.config = config;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        FirehoseLambda.load(
                config, loader != null ? loader : RunFirehoseLambda.class.getClassLoader());
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    public void open() throws Exception {
        super.open();
        lambda = FirehoseLambda.load(config, getUserCodeClassloader());
        batch = new ArrayList<>();
        timestamps = new ArrayList<>();
        reuse = new StreamRecord<>(null);
        MetricGroup metrics = LakeMetrics.of(getMetricGroup());
        invocations = metrics.counter(LakeMetrics.LAMBDA_INVOCATIONS);
        invocationsFailed = metrics.counter(LakeMetrics.LAMBDA_INVOCATIONS_FAILED);
        ok = metrics.counter(LakeMetrics.LAMBDA_RECORDS_OK);
        dropped = metrics.counter(LakeMetrics.RECORDS_DROPPED);
        failures = RecordsFailed.of(metrics, ErrorType.TRANSFORM_FAILED);
    }

    @Override
    public void processElement(StreamRecord<RawRecord> element) {
        RawRecord record = element.getValue();
        long payload = FirehoseLambda.payloadBytes(record);
        if (payload > FirehoseLambda.maxPayloadBytes()) {
            fail(
                    record,
                    element.getTimestamp(),
                    "Firehose Lambda "
                            + lambda
                            + ": a record of "
                            + record.payload.length
                            + " bytes is, base64, over Lambda's 6 MB invocation payload");
            return;
        }
        if (!batch.isEmpty()
                && (batchBytes + record.payload.length > config.bufferBytes()
                        || batchPayload + payload > FirehoseLambda.maxPayloadBytes())) {
            invoke();
        }
        if (batch.isEmpty()) {
            long due =
                    getProcessingTimeService().getCurrentProcessingTime()
                            + config.bufferInterval().toMillis();
            long number = batchNumber;
            getProcessingTimeService()
                    .registerTimer(
                            due,
                            time -> {
                                if (batchNumber == number && !batch.isEmpty()) invoke();
                            });
        }
        batch.add(record);
        timestamps.add(element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE);
        batchBytes += record.payload.length;
        batchPayload += payload;
        if (batch.size() >= config.bufferRecords() || batchBytes >= config.bufferBytes()) {
            invoke();
        }
    }

    /** Invokes the handler on the buffer and emits each record's result. */
    private void invoke() {
        List<RawRecord> records = batch;
        List<Long> times = timestamps;
        batch = new ArrayList<>();
        timestamps = new ArrayList<>();
        batchBytes = 0;
        batchPayload = 0;
        batchNumber++;
        invocations.inc();
        unfinished = true; // until every result is through
        int[] index = {0};
        int failedAttempts =
                lambda.invoke(
                        records,
                        new FirehoseLambda.Results() {
                            @Override
                            public void ok(RawRecord original, byte[] data) {
                                ok.inc();
                                output.collect(
                                        at(
                                                times.get(index[0]++),
                                                new RawRecord(
                                                        data,
                                                        original.stream,
                                                        original.shardId,
                                                        original.sequenceNumber,
                                                        original.partitionKey,
                                                        original.arrivalTime)));
                            }

                            @Override
                            public void dropped(RawRecord original) {
                                index[0]++;
                                dropped.inc();
                            }

                            @Override
                            public void failed(RawRecord original, String reason) {
                                fail(original, times.get(index[0]++), reason);
                            }
                        });
        invocationsFailed.inc(failedAttempts);
        unfinished = false;
    }

    private void fail(RawRecord record, long timestamp, String reason) {
        FailedRecord f = failures.fail(record, reason);
        output.collect(
                Tags.FAILED,
                timestamp == Long.MIN_VALUE
                        ? new StreamRecord<>(f)
                        : new StreamRecord<>(f, timestamp));
    }

    private StreamRecord<RawRecord> at(long timestamp, RawRecord value) {
        return timestamp == Long.MIN_VALUE ? reuse.replace(value) : reuse.replace(value, timestamp);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        declineIfUnfinished(checkpointId);
        if (!batch.isEmpty()) invoke();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        declineIfUnfinished(context.getCheckpointId());
        super.snapshotState(context);
    }

    private void declineIfUnfinished(long checkpointId) {
        if (unfinished) {
            throw new IllegalStateException(
                    "checkpoint "
                            + checkpointId
                            + " declined: a Firehose Lambda batch's"
                            + " results were sent only in part (a later operator failed on one); it would hold them twice");
        }
    }

    @Override
    public void endInput() {
        if (!batch.isEmpty()) invoke();
    }

    @Override
    public void finish() throws Exception {
        if (batch != null && !batch.isEmpty()) invoke();
        super.finish();
    }
}
