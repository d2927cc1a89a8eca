package dev.streamlake.job.record;

import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.TableSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.types.Row;

/**
 * A validated row with the raw record it came from, so that a record the transform fails reaches
 * the errors table as it arrived: original payload, shard, sequence number and arrival time.
 */
public final class ValidRecord extends Tuple2<Row, RawRecord> {
    private static final long serialVersionUID = 1L;

    public ValidRecord() {}

    public ValidRecord(Row row, RawRecord raw) {
        super(row, raw);
    }

    public Row row() {
        return f0;
    }

    public RawRecord raw() {
        return f1;
    }

    public static TypeInformation<ValidRecord> typeInfo(TableSchema schema) {
        return new TupleTypeInfo<>(
                ValidRecord.class, LakeTypes.rowType(schema), TypeInformation.of(RawRecord.class));
    }
}
