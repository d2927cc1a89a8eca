package dev.streamlake.job.record;

import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;

/**
 * Rows of a small sensor table (a device key, an event time, two measures) as the keyed operators
 * of the scoring and hotspots tests take them and give them back.
 */
public final class SensorRows {
    /** device_id (the key), event_time, temperature, humidity. */
    public static final TableSchema SCHEMA =
            TableSchema.parse(
                    "{\"key\":\"device_id\",\"event_time\":\"event_time\",\"columns\":["
                            + "{\"name\":\"device_id\",\"type\":\"string\",\"required\":true},"
                            + "{\"name\":\"event_time\",\"type\":\"timestamp\",\"required\":true},"
                            + "{\"name\":\"temperature\",\"type\":\"double\"},"
                            + "{\"name\":\"humidity\",\"type\":\"double\"}]}");

    /** The Kinesis record every row claims to come from: operators after parsing ignore it. */
    public static final RawRecord RAW =
            new RawRecord(new byte[] {'{', '}'}, "s", "shard", "1", "k", 0L);

    private SensorRows() {}

    public static StreamRecord<ValidRecord> in(Row row) {
        return new StreamRecord<>(new ValidRecord(row, RAW));
    }

    public static List<Row> rowsOf(List<ValidRecord> records) {
        List<Row> rows = new ArrayList<>();
        for (ValidRecord r : records) rows.add(r.row());
        return rows;
    }
}
