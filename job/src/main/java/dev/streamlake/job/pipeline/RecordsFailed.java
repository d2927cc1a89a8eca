package dev.streamlake.job.pipeline;

import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * How a pipeline stage fails a record: counts it in {@value LakeMetrics#RECORDS_FAILED} (all types:
 * the one metric to alarm on) and in the {@value LakeMetrics#RECORDS_FAILED} of its {@value
 * LakeMetrics#ERROR_TYPE}, and makes its row of the errors table, which the stage sends to {@link
 * Tags#FAILED}. Each error type is counted by the stage where it happens; made in {@code open}.
 */
final class RecordsFailed {
    private final Counter all;
    private final Map<ErrorType, Counter> ofType = new EnumMap<>(ErrorType.class);

    /** The stage's only error type, for {@link #fail(RawRecord, String)}. */
    private final ErrorType type;

    private RecordsFailed(MetricGroup lakeMetrics, Collection<ErrorType> types) {
        all = lakeMetrics.counter(LakeMetrics.RECORDS_FAILED);
        for (ErrorType t : types) {
            ofType.put(
                    t,
                    lakeMetrics
                            .addGroup(LakeMetrics.ERROR_TYPE, t.name())
                            .counter(LakeMetrics.RECORDS_FAILED));
        }
        type = types.size() == 1 ? types.iterator().next() : null;
    }

    /** For a stage whose records fail with one error type; {@code lakeMetrics}: LakeMetrics.of. */
    static RecordsFailed of(MetricGroup lakeMetrics, ErrorType type) {
        return new RecordsFailed(lakeMetrics, List.of(type));
    }

    /** For a stage whose records fail with any of {@code types}. */
    static RecordsFailed of(MetricGroup lakeMetrics, Collection<ErrorType> types) {
        return new RecordsFailed(lakeMetrics, types);
    }

    /** Counts a failure of the stage's one error type; returns its row for the errors table. */
    FailedRecord fail(RawRecord raw, String reason) {
        return fail(raw, type, reason);
    }

    /** Counts a failure of {@code type}; returns its row for the errors table. */
    FailedRecord fail(RawRecord raw, ErrorType type, String reason) {
        all.inc();
        ofType.get(type).inc();
        return FailedRecord.of(raw, type, reason);
    }
}
