package dev.streamlake.job.pipeline;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.scoring.KeyColumn;
import dev.streamlake.job.scoring.ScoreAnomalies;
import dev.streamlake.job.sink.EncodedRecord;
import dev.streamlake.job.sink.LakeSinks;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The data path, top to bottom:
 *
 * <pre>
 *   Kinesis ─▶ Unpack KPL aggregates ─▶ Parse and validate ─▶ Transform ─▶ [Score anomalies] ─▶ Encode ─▶ Event-time watermarks ─▶ Lake: events
 *                     │                        │                  │                │               │
 *                     │                        │                  │                └─ score ≥ threshold ─▶ Encode ──────────────▶ Lake: anomalies
 *                     └─ malformed aggregate ──┴──── failed ──────┴────────────────────────────────┴─ failed ─▶ Encode ───────▶ Lake: errors
 * </pre>
 *
 * Scoring (in brackets) exists only with {@code scoring.enabled}; without it the graph, the rows
 * and the events table are exactly as if it did not exist. Each table's Encode step turns its
 * records into exactly what the writer writes (a JSON line's bytes, or Parquet values), so a row
 * the table cannot hold unchanged becomes an error row ({@code ENCODING_FAILED}) there, before any
 * writer could fail the job on it; the errors table's own step replaces what it cannot encode.
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

        SingleOutputStreamOperator<ValidRecord> transformed = valid
                .process(new ApplyTransform(cfg.schema(), cfg.transform()))
                .uid("transform").name("Transform");

        DataStream<FailedRecord> failed = records.getSideOutput(Tags.FAILED)
                .union(valid.getSideOutput(Tags.FAILED), transformed.getSideOutput(Tags.FAILED));

        DataStream<ValidRecord> events = transformed;
        if (cfg.scoring().enabled()) {
            TypeInformation<ValidRecord> scoredType = ValidRecord.typeInfo(cfg.eventsSchema());
            OutputTag<ValidRecord> anomalies = ScoreAnomalies.anomaliesTag(scoredType);
            SingleOutputStreamOperator<ValidRecord> scored = transformed
                    .keyBy(new KeyColumn(cfg.schema().keyIndex()))
                    .transform("Score anomalies (RCF)", scoredType,
                            new ScoreAnomalies(cfg.scoring(), cfg.onlineScoring(), cfg.schema().size(), anomalies))
                    .uid("score-anomalies").name("Score anomalies (RCF)");
            SingleOutputStreamOperator<EncodedRecord> encodedAnomalies = scored.getSideOutput(anomalies)
                    .process(EncodeRows.anomalies(LakeSinks.rowEncoder(cfg.eventsSchema(), cfg.eventsFiles())))
                    .uid("encode-anomalies").name("Encode: anomalies");
            encodedAnomalies.sinkTo(io.anomaliesSink())
                    .uid("lake-anomalies").name("Lake: anomalies");
            events = scored;
        }

        SingleOutputStreamOperator<EncodedRecord> encodedEvents = events
                .process(EncodeRows.events(LakeSinks.rowEncoder(cfg.eventsSchema(), cfg.eventsFiles())))
                .uid("encode-events").name("Encode: events");
        encodedEvents
                .assignTimestampsAndWatermarks(eventTimeWatermarks(cfg))
                .uid("event-time-watermarks").name("Event-time watermarks")
                .sinkTo(io.eventsSink())
                .uid("lake-events").name("Lake: events");

        failed.union(encodedEvents.getSideOutput(Tags.FAILED))
                .process(new EncodeErrors(LakeSinks.errorEncoder(cfg.errorsFiles())))
                .uid("encode-errors").name("Encode: errors")
                .sinkTo(io.errorsSink())
                .uid("lake-errors").name("Lake: errors");
    }

    /** Event time from the encoded record (the encode step checked the row has one). */
    static WatermarkStrategy<EncodedRecord> eventTimeWatermarks(JobConfig cfg) {
        return WatermarkStrategy.<EncodedRecord>forBoundedOutOfOrderness(cfg.watermarkOutOfOrderness())
                .withTimestampAssigner((record, previous) -> record.partitionTime())
                .withIdleness(cfg.watermarkIdleness());
    }
}
