package dev.streamlake.job.pipeline;

import dev.streamlake.job.sink.EncodedRecord;
import dev.streamlake.udfs.record.RawRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's inputs and outputs, handed to {@link LakePipeline#wire}: Kinesis and the lake in
 * production ({@link KinesisLakeIo}), fixtures in tests.
 */
public interface JobIo {
    DataStream<RawRecord> records(StreamExecutionEnvironment env);

    Sink<EncodedRecord> eventsSink();

    Sink<EncodedRecord> errorsSink();

    /** Events scoring over {@code scoring.threshold}; asked for only when scoring is on. */
    Sink<EncodedRecord> anomaliesSink();

    /** Hotspot changes; asked for only when hotspots are on. */
    default Sink<EncodedRecord> hotspotsSink() {
        throw new UnsupportedOperationException(
                "this JobIo has no hotspots table (hotspots.enabled)");
    }
}
