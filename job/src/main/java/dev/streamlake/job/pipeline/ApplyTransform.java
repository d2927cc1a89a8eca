package dev.streamlake.job.pipeline;

import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.transform.RecordTransform;
import dev.streamlake.udfs.transform.TransformResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Runs the configured {@link RecordTransform}: OK rows go on, DROPPED ones are only counted, FAILED
 * ones go to the errors table with the transform's reason. A transform that throws fails the record
 * too, and so does a row of another shape than the schema's (a field of another class would make
 * Flink's serializer throw): a user's bug must not stop the stream. Rows go on with the raw record
 * they came from, so a row the lake cannot hold still reaches the errors table as it arrived.
 */
public final class ApplyTransform extends ProcessFunction<ValidRecord, ValidRecord>
        implements ResultTypeQueryable<ValidRecord> {
    private static final long serialVersionUID = 1L;

    private final TableSchema schema;
    private final RecordTransform transform;
    private transient Counter ok;
    private transient Counter dropped;
    private transient RecordsFailed failures;

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
        failures = RecordsFailed.of(metrics, ErrorType.TRANSFORM_FAILED);
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
            result =
                    TransformResult.failed(
                            transform.getClass().getSimpleName() + " returned no result");
        }
        if (result.outcome() == TransformResult.Outcome.OK) {
            // Rows cross the network as rows of the schema (to scoring, to the writer): a field of
            // another class would make Flink's serializer throw and the job restart on it forever.
            String misfit = misfit(result.row());
            if (misfit != null) {
                result =
                        TransformResult.failed(
                                transform.getClass().getSimpleName() + " returned a row " + misfit);
            }
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
                ctx.output(Tags.FAILED, failures.fail(record.raw(), result.reason()));
                break;
        }
    }

    /**
     * How a row does not fit the schema's shape (arity, each value's class), or null if it fits.
     */
    private String misfit(Row row) {
        if (row == null) return "that is null";
        if (row.getArity() != schema.size()) {
            return "of " + row.getArity() + " fields; the schema has " + schema.size();
        }
        for (int i = 0; i < schema.size(); i++) {
            Object v = row.getField(i);
            Class<?> expected = schema.column(i).type().valueClass();
            if (v != null && !expected.isInstance(v)) {
                return "whose column "
                        + schema.column(i).name()
                        + " holds a "
                        + v.getClass().getName()
                        + ", not a "
                        + expected.getSimpleName();
            }
        }
        return null;
    }

    @Override
    public TypeInformation<ValidRecord> getProducedType() {
        return ValidRecord.typeInfo(schema);
    }
}
