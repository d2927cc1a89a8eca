package dev.streamlake.job.sink;

import dev.streamlake.udfs.lake.LakeLayout;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts each record in the {@code dt=yyyy-MM-dd-HH} folder of its own timestamp, in UTC.
 *
 * <p>Flink's {@code DateTimeBucketAssigner} uses the processing time and the JVM's zone; a lake
 * partitioned by event time needs the record's own time, so a late record still lands in its hour.
 */
public final class HourlyBucketAssigner<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;
    private static final long HOUR = 3_600_000L;

    private final TimeOf<T> timeOf;
    // Records arrive mostly in order: remember the last hour to skip formatting per record.
    private transient long cachedHourStart = Long.MIN_VALUE;
    private transient String cachedBucket;

    public HourlyBucketAssigner(TimeOf<T> timeOf) {
        this.timeOf = timeOf;
    }

    @Override
    public String getBucketId(T element, Context context) {
        long hourStart = Math.floorDiv(timeOf.millis(element), HOUR) * HOUR;
        if (hourStart != cachedHourStart || cachedBucket == null) {
            cachedBucket = LakeLayout.partitionOf(hourStart);
            cachedHourStart = hourStart;
        }
        return cachedBucket;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "HourlyBucketAssigner(" + LakeLayout.TEMPLATE + ", UTC)";
    }
}
