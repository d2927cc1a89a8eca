package dev.streamlake.udfs.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * A streaming table environment (parallelism 2) with the view {@code events}: rows of {@code
 * (device_id, ts, temperature, humidity)}, {@code ts} in epoch millis, and {@code event_time} their
 * rowtime with watermarks from the source: the shape of the KDA SQL the functions replace.
 */
public final class EventsView {
    private EventsView() {}

    public static StreamTableEnvironment of(List<Row> events) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Row> rows =
                env.fromData(
                                Types.ROW_NAMED(
                                        new String[] {"device_id", "ts", "temperature", "humidity"},
                                        Types.STRING,
                                        Types.LONG,
                                        Types.DOUBLE,
                                        Types.DOUBLE),
                                events.toArray(new Row[0]))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Row>forMonotonousTimestamps()
                                        .withTimestampAssigner(
                                                (row, previous) -> (Long) row.getField(1)));
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        Table table =
                tEnv.fromDataStream(
                        rows,
                        Schema.newBuilder()
                                .columnByMetadata(
                                        "event_time", DataTypes.TIMESTAMP_LTZ(3), "rowtime")
                                .watermark("event_time", "SOURCE_WATERMARK()")
                                .build());
        tEnv.createTemporaryView("events", table);
        return tEnv;
    }

    /** Runs the query to its end and returns every row it emitted. */
    public static List<Row> collect(StreamTableEnvironment tEnv, String sql) throws Exception {
        List<Row> out = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
