package dev.streamlake.job.pipeline;

import dev.streamlake.job.config.HotspotsConfig;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.hotspots.DetectHotspots;
import dev.streamlake.job.record.ValidRecord;
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
 *   Kinesis ─▶ Unpack KPL aggregates ─▶ [Firehose Lambda] ─▶ Parse and validate ─▶ Transform ─▶ [Score anomalies] ─▶ [Detect hotspots] ─▶ Encode ─▶ Event-time watermarks ─▶ Lake: events
 *                     │                       │                      │                  │                │                    │              │
 *                     │                       │                      │                  │                │                    └─ changes ─▶ Encode ───────────────────▶ Lake: hotspots
 *                     │                       │                      │                  │                └─ score ≥ threshold ─▶ Encode ──────────────────────────────▶ Lake: anomalies
 *                     └─ malformed aggregate ─┴─ failed ─────────────┴──── failed ──────┴────────────────────────────────────────────────────┴─ failed ─▶ Encode ───▶ Lake: errors
 * </pre>
 *
 * The steps in brackets exist only with {@code transform.firehose-lambda.handler}, {@code
 * scoring.enabled} and {@code hotspots.enabled}; without them the graph, the rows and the events
 * table are exactly as if they did not exist. Each table's Encode step turns its records into
 * exactly what the writer writes (a JSON line's bytes, or Parquet values), so a row the table
 * cannot hold unchanged becomes an error row ({@code ENCODING_FAILED}) there, before any writer
 * could fail the job on it; the errors table's own step replaces what it cannot encode.
 */
public final class LakePipeline {
    private LakePipeline() {}

    public static void wire(StreamExecutionEnvironment env, JobIo io, JobConfig cfg) {
        // Operators never keep or change their inputs, so chained ones can share records.
        env.getConfig().enableObjectReuse();

        SingleOutputStreamOperator<RawRecord> records =
                io.records(env)
                        .process(new UnpackAggregates())
                        .uid("unpack-aggregates")
                        .name("Unpack KPL aggregates");

        SingleOutputStreamOperator<RawRecord> raw =
                !cfg.firehoseLambda().enabled()
                        ? records
                        : records.transform(
                                        "Firehose Lambda",
                                        TypeInformation.of(RawRecord.class),
                                        new RunFirehoseLambda(cfg.firehoseLambda()))
                                .uid("firehose-lambda")
                                .name("Firehose Lambda");

        SingleOutputStreamOperator<ValidRecord> valid =
                raw.process(new ParseAndValidate(cfg.schema(), cfg.validationRules()))
                        .uid("parse-validate")
                        .name("Parse and validate");

        SingleOutputStreamOperator<ValidRecord> transformed =
                valid.process(new ApplyTransform(cfg.schema(), cfg.transform()))
                        .uid("transform")
                        .name("Transform");

        DataStream<FailedRecord> failed =
                records.getSideOutput(Tags.FAILED)
                        .union(
                                valid.getSideOutput(Tags.FAILED),
                                transformed.getSideOutput(Tags.FAILED));
        if (raw != records) failed = failed.union(raw.getSideOutput(Tags.FAILED));

        DataStream<ValidRecord> events = transformed;
        if (cfg.scoring().enabled()) {
            TypeInformation<ValidRecord> scoredType = ValidRecord.typeInfo(cfg.scoredSchema());
            OutputTag<ValidRecord> anomalies = ScoreAnomalies.anomaliesTag(scoredType);
            SingleOutputStreamOperator<ValidRecord> scored =
                    transformed
                            .keyBy(new KeyColumn(cfg.schema().keyIndex()))
                            .transform(
                                    "Score anomalies (RCF)",
                                    scoredType,
                                    new ScoreAnomalies(
                                            cfg.scoring(),
                                            cfg.scoreOutputs(),
                                            cfg.onlineScoring(),
                                            cfg.schema().size(),
                                            anomalies))
                            .uid("score-anomalies")
                            .name("Score anomalies (RCF)");
            SingleOutputStreamOperator<EncodedRecord> encodedAnomalies =
                    scored.getSideOutput(anomalies)
                            .process(
                                    EncodeRows.anomalies(
                                            LakeSinks.rowEncoder(
                                                    cfg.scoredSchema(), cfg.eventsFiles())))
                            .uid("encode-anomalies")
                            .name("Encode: anomalies");
            encodedAnomalies
                    .sinkTo(io.anomaliesSink())
                    .uid("lake-anomalies")
                    .name("Lake: anomalies");
            events = scored;
        }
        if (cfg.hotspots().enabled()) {
            int arity = cfg.scoredSchema().size();
            OutputTag<ValidRecord> changes = DetectHotspots.changesTag(cfg.schema());
            SingleOutputStreamOperator<ValidRecord> detected =
                    events.keyBy(DetectHotspots.windowKey(cfg.hotspots(), cfg.schema().keyIndex()))
                            .transform(
                                    "Detect hotspots",
                                    ValidRecord.typeInfo(cfg.eventsSchema()),
                                    new DetectHotspots(cfg.hotspots(), arity, changes))
                            .uid("detect-hotspots")
                            .name("Detect hotspots");
            SingleOutputStreamOperator<EncodedRecord> encodedChanges =
                    detected.getSideOutput(changes)
                            .process(
                                    EncodeRows.hotspots(
                                            LakeSinks.rowEncoder(
                                                    HotspotsConfig.changesSchema(cfg.schema()),
                                                    cfg.eventsFiles())))
                            .uid("encode-hotspots")
                            .name("Encode: hotspots");
            encodedChanges.sinkTo(io.hotspotsSink()).uid("lake-hotspots").name("Lake: hotspots");
            events = detected;
        }

        SingleOutputStreamOperator<EncodedRecord> encodedEvents =
                events.process(
                                EncodeRows.events(
                                        LakeSinks.rowEncoder(
                                                cfg.eventsSchema(), cfg.eventsFiles())))
                        .uid("encode-events")
                        .name("Encode: events");
        encodedEvents
                .assignTimestampsAndWatermarks(eventTimeWatermarks(cfg))
                .uid("event-time-watermarks")
                .name("Event-time watermarks")
                .sinkTo(io.eventsSink())
                .uid("lake-events")
                .name("Lake: events");

        failed.union(encodedEvents.getSideOutput(Tags.FAILED))
                .process(new EncodeErrors(LakeSinks.errorEncoder(cfg.errorsFiles())))
                .uid("encode-errors")
                .name("Encode: errors")
                .sinkTo(io.errorsSink())
                .uid("lake-errors")
                .name("Lake: errors");
    }

    /** Event time from the encoded record (the encode step checked the row has one). */
    static WatermarkStrategy<EncodedRecord> eventTimeWatermarks(JobConfig cfg) {
        return WatermarkStrategy.<EncodedRecord>forBoundedOutOfOrderness(
                        cfg.watermarkOutOfOrderness())
                .withTimestampAssigner((record, previous) -> record.partitionTime())
                .withIdleness(cfg.watermarkIdleness());
    }
}
