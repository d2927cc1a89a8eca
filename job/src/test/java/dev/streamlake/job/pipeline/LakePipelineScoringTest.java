package dev.streamlake.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.ScoringOptions;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.config.ValidationOptions;
import dev.streamlake.job.sink.EncodedRecord;
import dev.streamlake.udfs.record.RawRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The wiring with scoring off and on; the scoring itself is tested in ScoreAnomaliesTest. */
class LakePipelineScoringTest {
    static JobConfig config(boolean scoring) {
        Map<String, String> flat = new HashMap<>();
        flat.put(SourceOptions.STREAM.key(), "sensor-readings");
        flat.put(SourceOptions.REGION.key(), "us-east-1");
        flat.put(LakeOptions.PATH.key(), "/tmp/lake");
        flat.put(ValidationOptions.SCHEMA.key(), "../conf/schemas/sensor-readings.json");
        flat.put(ScoringOptions.ENABLED.key(), String.valueOf(scoring));
        flat.put(ScoringOptions.FEATURES.key(), "temperature;humidity");
        return JobConfig.fromMap(flat);
    }

    /** Operator uids in topological order of the wired graph. */
    static List<String> uids(boolean scoring) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LakePipeline.wire(env, new NoIo(), config(scoring));
        return env.getStreamGraph().getStreamNodes().stream()
                .sorted((a, b) -> Integer.compare(a.getId(), b.getId()))
                .map(StreamNode::getTransformationUID)
                .collect(Collectors.toList());
    }

    @Test
    void scoringOffAddsNothing() {
        assertThat(uids(false)).doesNotContain("score-anomalies", "lake-anomalies");
    }

    @Test
    void scoringOnSitsBetweenTransformAndWatermarksWithItsOwnTable() {
        List<String> uids = uids(true);
        assertThat(uids)
                .containsSubsequence(
                        "transform",
                        "score-anomalies",
                        "encode-events",
                        "event-time-watermarks",
                        "lake-events");
        assertThat(uids)
                .containsSubsequence("score-anomalies", "encode-anomalies", "lake-anomalies");
    }

    @Test
    void scoringOperatorHasItsName() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LakePipeline.wire(env, new NoIo(), config(true));
        assertThat(env.getStreamGraph().getStreamNodes())
                .filteredOn(n -> "score-anomalies".equals(n.getTransformationUID()))
                .extracting(StreamNode::getOperatorName)
                .containsExactly("Score anomalies (RCF)");
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
    }
}
