package dev.streamlake.job.pipeline;

import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.KplAggregate;
import dev.streamlake.udfs.record.KplAggregate.Unpacked;
import dev.streamlake.udfs.record.KplAggregate.UserRecord;
import dev.streamlake.udfs.record.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One Kinesis record in; its user records out: one per user record of a KPL aggregate (with its own
 * partition key, and the aggregate's stream, shard, sequence number and arrival time), or the
 * record itself, untouched, when it is not an aggregate. An aggregate that cannot be unpacked goes
 * whole to the errors table as {@link ErrorType#MALFORMED_AGGREGATE}, with the reason.
 *
 * <p>Exactly once across restores: the source hands over each aggregate as one element ({@code
 * KinesisSources}), and this operator emits all of its user records while processing that one
 * element, so a checkpoint barrier never falls between two user records of one aggregate. A restore
 * resumes after the last whole Kinesis record of the checkpoint and neither repeats nor skips a
 * user record. (Chained right after the source; any parallelism.)
 *
 * <p>One exception to that: when a later operator in the chain throws on one of an aggregate's user
 * records, the connector's thread stops, but the task goes on for a moment and can take a
 * checkpoint holding the user records sent before the failure while the source's position is still
 * before the aggregate; restored from it, the job would write those user records twice (seen in
 * {@code RealProducersIT}). So this operator remembers an aggregate it did not finish, and declines
 * every checkpoint after it: the job restores from the one before.
 *
 * <p>Counts {@value LakeMetrics#KINESIS_RECORDS_IN} (Kinesis records in), {@value
 * LakeMetrics#USER_RECORDS_IN} (records out, the next operator's {@value LakeMetrics#RECORDS_IN})
 * and {@value LakeMetrics#AGGREGATES_MALFORMED} (also in {@value LakeMetrics#RECORDS_FAILED}, in
 * total and for its error type).
 */
public final class UnpackAggregates extends ProcessFunction<RawRecord, RawRecord>
        implements ResultTypeQueryable<RawRecord>, CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** An aggregate whose user records were sent only in part: a later operator threw. */
    private transient volatile boolean unfinished;

    private transient Counter kinesisRecordsIn;
    private transient Counter userRecordsIn;
    private transient Counter malformed;
    private transient RecordsFailed failures;

    @Override
    public void open(OpenContext ctx) {
        MetricGroup metrics = LakeMetrics.of(getRuntimeContext().getMetricGroup());
        kinesisRecordsIn = metrics.counter(LakeMetrics.KINESIS_RECORDS_IN);
        userRecordsIn = metrics.counter(LakeMetrics.USER_RECORDS_IN);
        malformed = metrics.counter(LakeMetrics.AGGREGATES_MALFORMED);
        failures = RecordsFailed.of(metrics, ErrorType.MALFORMED_AGGREGATE);
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<RawRecord> out) {
        kinesisRecordsIn.inc();
        if (!KplAggregate.hasMagic(record.payload)) {
            userRecordsIn.inc();
            out.collect(record);
            return;
        }
        Unpacked unpacked = KplAggregate.unpack(record.payload);
        if (unpacked.isMalformed()) {
            malformed.inc();
            ctx.output(
                    Tags.FAILED,
                    failures.fail(
                            record,
                            "KPL aggregate cannot be unpacked: " + unpacked.malformedReason()));
            return;
        }
        unfinished = true; // until every user record is through
        for (UserRecord user : unpacked.records()) {
            userRecordsIn.inc();
            out.collect(
                    new RawRecord(
                            user.data(),
                            record.stream,
                            record.shardId,
                            record.sequenceNumber,
                            user.partitionKey(),
                            record.arrivalTime));
        }
        unfinished = false;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) {
        if (unfinished) {
            throw new IllegalStateException(
                    "checkpoint "
                            + ctx.getCheckpointId()
                            + " declined: an aggregate's user"
                            + " records were sent only in part (a later operator failed on one); it would hold them twice");
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) {}

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
