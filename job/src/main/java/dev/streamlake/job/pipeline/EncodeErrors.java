package dev.streamlake.job.pipeline;

import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.job.sink.EncodedRecord;
import dev.streamlake.job.sink.EncodedRecordSerializer;
import dev.streamlake.job.sink.EncodingException;
import dev.streamlake.job.sink.TableEncoder;
import dev.streamlake.udfs.lake.FailedRecordEncoder;
import dev.streamlake.udfs.record.FailedRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Encodes error rows for the errors table's writer. The errors table is the last resort, so this
 * step takes every row: text UTF-8 cannot carry (an unpaired surrogate in a message quoting a
 * record, in a partition key from Kinesis) becomes U+FFFD first, counted in {@value
 * LakeMetrics#ERRORS_TEXT_REPLACED}; after that the encoder has nothing left to refuse.
 */
public final class EncodeErrors extends ProcessFunction<FailedRecord, EncodedRecord>
        implements ResultTypeQueryable<EncodedRecord> {
    private static final long serialVersionUID = 1L;

    private final TableEncoder<FailedRecord> encoder;
    private transient Counter replaced;

    public EncodeErrors(TableEncoder<FailedRecord> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void open(OpenContext ctx) {
        replaced =
                LakeMetrics.of(getRuntimeContext().getMetricGroup())
                        .counter(LakeMetrics.ERRORS_TEXT_REPLACED);
    }

    @Override
    public void processElement(FailedRecord record, Context ctx, Collector<EncodedRecord> out) {
        if (FailedRecordEncoder.replaceUnwritable(record)) replaced.inc();
        try {
            out.collect(encoder.encode(record));
        } catch (EncodingException e) {
            // Cannot happen after replaceUnwritable (FailedRecordEncoderPropertiesTest): a bug.
            throw new IllegalStateException(
                    "an error row could not be encoded: " + e.getMessage(), e);
        }
    }

    @Override
    public TypeInformation<EncodedRecord> getProducedType() {
        return EncodedRecordSerializer.TYPE;
    }
}
