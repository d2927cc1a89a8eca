package dev.streamlake.job.pipeline;

import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

/**
 * The job's inputs and outputs, handed to {@link LakePipeline#wire}: Kinesis and the lake in
 * production ({@link KinesisLakeIo}), fixtures in tests.
 */
public interface JobIo {
    DataStream<RawRecord> records(StreamExecutionEnvironment env);

    Sink<Row> eventsSink();

    Sink<FailedRecord> errorsSink();

    /** Events scoring over {@code scoring.threshold}; asked for only when scoring is on. */
    Sink<Row> anomaliesSink();
}
