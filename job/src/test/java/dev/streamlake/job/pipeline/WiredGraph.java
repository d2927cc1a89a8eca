package dev.streamlake.job.pipeline;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.JobSettings;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.sink.EncodedRecord;
import dev.streamlake.udfs.record.RawRecord;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;

/**
 * The stream graph {@link LakePipeline#wire} builds for a configuration, with inputs and outputs
 * that do nothing: for the tests of what a setting adds to the wiring and where.
 */
final class WiredGraph {
    private WiredGraph() {}

    /** The settings every wiring needs (a stream, a lake, a schema); a test adds its own. */
    static Map<String, String> settings() {
        return JobSettings.minimalWith(LakeOptions.PATH.key(), "/tmp/lake");
    }

    static StreamGraph of(JobConfig cfg) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LakePipeline.wire(env, new NoIo(), cfg);
        return env.getStreamGraph();
    }

    /** Operator uids in topological order of the wired graph. */
    static List<String> uids(JobConfig cfg) {
        return of(cfg).getStreamNodes().stream()
                .sorted((a, b) -> Integer.compare(a.getId(), b.getId()))
                .map(StreamNode::getTransformationUID)
                .collect(Collectors.toList());
    }

    private static final class NoIo implements JobIo {
        @Override
        public DataStream<RawRecord> records(StreamExecutionEnvironment env) {
            return env.fromData(new RawRecord()).uid("fixture").name("fixture");
        }

        @Override
        public Sink<EncodedRecord> eventsSink() {
            return new DiscardingSink<>();
        }

        @Override
        public Sink<EncodedRecord> errorsSink() {
            return new DiscardingSink<>();
        }

        @Override
        public Sink<EncodedRecord> anomaliesSink() {
            return new DiscardingSink<>();
        }

        @Override
        public Sink<EncodedRecord> hotspotsSink() {
            return new DiscardingSink<>();
        }
    }
}
