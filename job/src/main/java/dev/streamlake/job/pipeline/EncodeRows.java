package dev.streamlake.job.pipeline;

import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.job.sink.EncodedRecord;
import dev.streamlake.job.sink.EncodedRecordSerializer;
import dev.streamlake.job.sink.EncodingException;
import dev.streamlake.job.sink.TableEncoder;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.record.ErrorType;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Encodes rows for their lake table's writer, just before its sink: a row the table cannot hold
 * unchanged goes to the errors table as {@code ENCODING_FAILED}, with the raw record it came from
 * and the column and reason as its message. So the writers only copy bytes, and nothing between the
 * validator and the files can fail the job because of what a record holds.
 *
 * <p>The anomalies table holds copies of events, encoded by the same encoder: a row it cannot hold
 * the events table cannot either, and that step already wrote the record's one error row, so the
 * anomalies step only leaves the copy out, counted ({@link LakeMetrics#DERIVED_ROWS_LEFT_OUT}).
 */
public final class EncodeRows extends ProcessFunction<ValidRecord, EncodedRecord>
        implements ResultTypeQueryable<EncodedRecord> {
    private static final long serialVersionUID = 1L;

    private final String table;
    private final TableEncoder<Row> encoder;
    private final boolean failuresToErrors;
    private transient RecordsFailed failures;
    private transient Counter leftOut;

    private EncodeRows(String table, TableEncoder<Row> encoder, boolean failuresToErrors) {
        this.table = table;
        this.encoder = encoder;
        this.failuresToErrors = failuresToErrors;
    }

    /** The events table's step: a row it cannot hold becomes the record's error row. */
    public static EncodeRows events(TableEncoder<Row> encoder) {
        return new EncodeRows(LakeLayout.EVENTS, encoder, true);
    }

    /** The anomalies table's step: same encoder as the events table's, failures left to it. */
    public static EncodeRows anomalies(TableEncoder<Row> encoder) {
        return new EncodeRows(LakeLayout.ANOMALIES, encoder, false);
    }

    /**
     * The hotspots table's step: its rows are derived, like the anomalies table's, and hold only
     * computed values (finite numbers, the event's own event time, our strings); the event itself
     * has its one outcome in the events or errors table, so a failure here is left out, counted.
     */
    public static EncodeRows hotspots(TableEncoder<Row> encoder) {
        return new EncodeRows(LakeLayout.HOTSPOTS, encoder, false);
    }

    @Override
    public void open(OpenContext ctx) {
        MetricGroup metrics = LakeMetrics.of(getRuntimeContext().getMetricGroup());
        if (!failuresToErrors) {
            leftOut =
                    metrics.addGroup(LakeMetrics.TABLE, table)
                            .counter(LakeMetrics.DERIVED_ROWS_LEFT_OUT);
            return;
        }
        failures = RecordsFailed.of(metrics, ErrorType.ENCODING_FAILED);
    }

    @Override
    public void processElement(ValidRecord record, Context ctx, Collector<EncodedRecord> out) {
        EncodedRecord encoded;
        try {
            encoded = encoder.encode(record.row());
        } catch (EncodingException e) {
            if (!failuresToErrors) {
                leftOut.inc();
                return;
            }
            ctx.output(
                    Tags.FAILED, failures.fail(record.raw(), table + " table: " + e.getMessage()));
            return;
        }
        out.collect(encoded);
    }

    @Override
    public TypeInformation<EncodedRecord> getProducedType() {
        return EncodedRecordSerializer.TYPE;
    }
}
