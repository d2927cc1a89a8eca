package dev.streamlake.job.pipeline;

import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.transform.RecordTransform;
import dev.streamlake.udfs.transform.TransformResult;
import dev.streamlake.udfs.validate.ErrorType;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs the configured {@link RecordTransform}: OK rows go on, DROPPED ones are only counted,
 * FAILED ones go to the errors table with the transform's reason. A transform that throws fails
 * the record too: a user's bug must not stop the stream. Rows go on with the raw record they
 * came from, so a row the lake cannot hold still reaches the errors table as it arrived.
 */
public final class ApplyTransform extends ProcessFunction<ValidRecord, ValidRecord>
        implements ResultTypeQueryable<ValidRecord> {
    private static final long serialVersionUID = 1L;

    private final TableSchema schema;
    private final RecordTransform transform;
    private transient Counter ok;
    private transient Counter dropped;
    private transient Counter failed;
    private transient Counter failedOfType;

    public ApplyTransform(TableSchema schema, RecordTransform transform) {
        this.schema = schema;
        this.transform = transform;
    }

    @Override
    public void open(OpenContext ctx) {
        transform.open(schema);
        MetricGroup metrics = LakeMetrics.of(getRuntimeContext().getMetricGroup());
        ok = metrics.counter(LakeMetrics.RECORDS_OK);
        dropped = metrics.counter(LakeMetrics.RECORDS_DROPPED);
        failed = metrics.counter(LakeMetrics.RECORDS_FAILED);
        failedOfType = metrics.addGroup(LakeMetrics.ERROR_TYPE, ErrorType.TRANSFORM_FAILED.name())
                .counter(LakeMetrics.RECORDS_FAILED);
    }

    @Override
    public void processElement(ValidRecord record, Context ctx, Collector<ValidRecord> out) {
        TransformResult result;
        try {
            result = transform.apply(record.row());
        } catch (RuntimeException e) {
            result = TransformResult.failed(transform.getClass().getSimpleName() + " threw " + e);
        }
        if (result == null) { // a user's bug too: fail the record, not the job
            result = TransformResult.failed(transform.getClass().getSimpleName() + " returned no result");
        }
        switch (result.outcome()) {
            case OK:
                ok.inc();
                out.collect(new ValidRecord(result.row(), record.raw()));
                break;
            case DROPPED:
                dropped.inc();
                break;
            case FAILED:
                failed.inc();
                failedOfType.inc();
                ctx.output(
                        Tags.FAILED,
                        FailedRecord.of(record.raw(), ErrorType.TRANSFORM_FAILED, result.reason()));
                break;
        }
    }

    @Override
    public TypeInformation<ValidRecord> getProducedType() {
        return ValidRecord.typeInfo(schema);
    }
}
