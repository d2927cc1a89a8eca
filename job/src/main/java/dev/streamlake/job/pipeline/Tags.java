package dev.streamlake.job.pipeline;

import dev.streamlake.udfs.record.FailedRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** Side outputs of the pipeline. */
public final class Tags {
    /** Records that failed validation or the transform, bound for the errors table. */
    public static final OutputTag<FailedRecord> FAILED =
            new OutputTag<>("failed", TypeInformation.of(FailedRecord.class));

    private Tags() {}
}
