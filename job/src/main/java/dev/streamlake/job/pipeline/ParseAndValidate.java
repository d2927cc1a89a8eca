package dev.streamlake.job.pipeline;

import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.validate.RecordValidator;
import dev.streamlake.udfs.validate.Validated;
import dev.streamlake.udfs.validate.ValidationRules;
import java.util.EnumMap;
import java.util.Map;
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
    private transient Counter failed;
    private transient Map<ErrorType, Counter> failedByType;

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
        failed = metrics.counter(LakeMetrics.RECORDS_FAILED); // all types: one metric to alarm on
        failedByType = new EnumMap<>(ErrorType.class);
        for (ErrorType type : ErrorType.values()) {
            // counted where they happen: by the unpacker, the transform and the encode steps
            if (type == ErrorType.MALFORMED_AGGREGATE
                    || type == ErrorType.TRANSFORM_FAILED
                    || type == ErrorType.ENCODING_FAILED) continue;
            failedByType.put(
                    type,
                    metrics.addGroup(LakeMetrics.ERROR_TYPE, type.name())
                            .counter(LakeMetrics.RECORDS_FAILED));
        }
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ValidRecord> out) {
        in.inc();
        Validated result = validator.validate(raw);
        if (result.isOk()) {
            valid.inc();
            out.collect(new ValidRecord(result.row(), raw));
        } else {
            failed.inc();
            failedByType.get(result.errorType()).inc();
            ctx.output(Tags.FAILED, FailedRecord.of(raw, result.errorType(), result.message()));
        }
    }

    @Override
    public TypeInformation<ValidRecord> getProducedType() {
        return ValidRecord.typeInfo(schema);
    }
}
