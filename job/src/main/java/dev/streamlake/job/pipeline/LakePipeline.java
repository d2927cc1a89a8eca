package dev.streamlake.job.pipeline;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.scoring.KeyColumn;
import dev.streamlake.job.scoring.ScoreAnomalies;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

/**
 * The data path, top to bottom:
 *
 * <pre>
 *   Kinesis ─▶ Unpack KPL aggregates ─▶ Parse and validate ─▶ Transform ─▶ [Score anomalies] ─▶ Event-time watermarks ─▶ Lake: events
 *                     │                        │                  │                │
 *                     │                        │                  │                └─ score ≥ threshold ─────────────▶ Lake: anomalies
 *                     └─ malformed aggregate ──┴──── failed ──────┴──────────────────────────────────────────────────▶ Lake: errors
 * </pre>
 *
 * Scoring (in brackets) exists only with {@code scoring.enabled}; without it the graph, the rows
 * and the events table are exactly as if it did not exist.
 */
public final class LakePipeline {
    private LakePipeline() {}

    public static void wire(StreamExecutionEnvironment env, JobIo io, JobConfig cfg) {
        // Operators never keep or change their inputs, so chained ones can share records.
        env.getConfig().enableObjectReuse();

        SingleOutputStreamOperator<RawRecord> records = io.records(env)
                .process(new UnpackAggregates())
                .uid("unpack-aggregates").name("Unpack KPL aggregates");

        SingleOutputStreamOperator<ValidRecord> valid = records
                .process(new ParseAndValidate(cfg.schema(), cfg.validationRules()))
                .uid("parse-validate").name("Parse and validate");

        SingleOutputStreamOperator<Row> transformed = valid
                .process(new ApplyTransform(cfg.schema(), cfg.transform()))
                .uid("transform").name("Transform");

        DataStream<Row> events = transformed;
        if (cfg.scoring().enabled()) {
            RowTypeInfo scoredType = LakeTypes.rowType(cfg.eventsSchema());
            OutputTag<Row> anomalies = ScoreAnomalies.anomaliesTag(scoredType);
            SingleOutputStreamOperator<Row> scored = transformed
                    .keyBy(new KeyColumn(cfg.schema().keyIndex()))
                    .transform("Score anomalies (RCF)", scoredType,
                            new ScoreAnomalies(cfg.scoring(), cfg.schema().size(), anomalies))
                    .uid("score-anomalies").name("Score anomalies (RCF)");
            scored.getSideOutput(anomalies).sinkTo(io.anomaliesSink())
                    .uid("lake-anomalies").name("Lake: anomalies");
            events = scored;
        }

        events
                .assignTimestampsAndWatermarks(eventTimeWatermarks(cfg))
                .uid("event-time-watermarks").name("Event-time watermarks")
                .sinkTo(io.eventsSink())
                .uid("lake-events").name("Lake: events");

        DataStream<FailedRecord> failed =
                records.getSideOutput(Tags.FAILED)
                        .union(valid.getSideOutput(Tags.FAILED), transformed.getSideOutput(Tags.FAILED));
        failed.sinkTo(io.errorsSink())
                .uid("lake-errors").name("Lake: errors");
    }

    static WatermarkStrategy<Row> eventTimeWatermarks(JobConfig cfg) {
        int eventTime = cfg.schema().eventTimeIndex();
        return WatermarkStrategy.<Row>forBoundedOutOfOrderness(cfg.watermarkOutOfOrderness())
                .withTimestampAssigner((row, previous) -> (Long) row.getField(eventTime))
                .withIdleness(cfg.watermarkIdleness());
    }
}
