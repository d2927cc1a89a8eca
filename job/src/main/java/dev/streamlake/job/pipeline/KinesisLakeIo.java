package dev.streamlake.job.pipeline;

import dev.streamlake.job.config.HotspotsConfig;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.sink.EncodedRecord;
import dev.streamlake.job.sink.LakeSinks;
import dev.streamlake.job.source.KinesisSources;
import dev.streamlake.udfs.record.RawRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Production I/O: the configured Kinesis stream in, the configured lake out. */
public class KinesisLakeIo implements JobIo {
    private final JobConfig cfg;

    public KinesisLakeIo(JobConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public DataStream<RawRecord> records(StreamExecutionEnvironment env) {
        return KinesisSources.records(env, cfg);
    }

    @Override
    public Sink<EncodedRecord> eventsSink() {
        return LakeSinks.events(cfg.lakePath(), cfg.eventsSchema(), cfg.eventsFiles());
    }

    @Override
    public Sink<EncodedRecord> errorsSink() {
        return LakeSinks.errors(cfg.lakePath(), cfg.errorsFiles());
    }

    @Override
    public Sink<EncodedRecord> anomaliesSink() {
        return LakeSinks.anomalies(cfg.lakePath(), cfg.scoredSchema(), cfg.eventsFiles());
    }

    @Override
    public Sink<EncodedRecord> hotspotsSink() {
        return LakeSinks.hotspots(
                cfg.lakePath(), HotspotsConfig.changesSchema(cfg.schema()), cfg.eventsFiles());
    }
}
