package dev.streamlake.job.pipeline;

import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.validate.RecordValidator;
import dev.streamlake.udfs.validate.Validated;
import dev.streamlake.udfs.validate.ValidationRules;
import java.util.EnumSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Raw bytes in; a row of the schema out, or a failed record with its reason to the side. */
public final class ParseAndValidate extends ProcessFunction<RawRecord, ValidRecord>
        implements ResultTypeQueryable<ValidRecord> {
    private static final long serialVersionUID = 1L;

    private final TableSchema schema;
    private final ValidationRules rules;
    private transient RecordValidator validator;
    private transient Counter in;
    private transient Counter valid;
    private transient RecordsFailed failures;

    public ParseAndValidate(TableSchema schema, ValidationRules rules) {
        this.schema = schema;
        this.rules = rules;
    }

    @Override
    public void open(OpenContext ctx) {
        validator = new RecordValidator(schema, rules);
        MetricGroup metrics = LakeMetrics.of(getRuntimeContext().getMetricGroup());
        in = metrics.counter(LakeMetrics.RECORDS_IN);
        valid = metrics.counter(LakeMetrics.RECORDS_VALID);
        // All but the types counted where they happen: by the unpacker, the transform and the
        // encode steps.
        failures =
                RecordsFailed.of(
                        metrics,
                        EnumSet.complementOf(
                                EnumSet.of(
                                        ErrorType.MALFORMED_AGGREGATE,
                                        ErrorType.TRANSFORM_FAILED,
                                        ErrorType.ENCODING_FAILED)));
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ValidRecord> out) {
        in.inc();
        Validated result = validator.validate(raw);
        if (result.isOk()) {
            valid.inc();
            out.collect(new ValidRecord(result.row(), raw));
        } else {
            ctx.output(Tags.FAILED, failures.fail(raw, result.errorType(), result.message()));
        }
    }

    @Override
    public TypeInformation<ValidRecord> getProducedType() {
        return ValidRecord.typeInfo(schema);
    }
}
