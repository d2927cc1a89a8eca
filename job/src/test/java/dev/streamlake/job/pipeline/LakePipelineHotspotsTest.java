package dev.streamlake.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.JobConfig;
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

/** The wiring with hotspots off and on; the detection itself is tested in DetectHotspotsTest. */
class LakePipelineHotspotsTest {
    static List<String> uids(boolean hotspots, boolean scoring) {
        Map<String, String> flat = new HashMap<>();
        flat.put("source.stream", "sensor-readings");
        flat.put("source.region", "us-east-1");
        flat.put("lake.path", "/tmp/lake");
        flat.put("validation.schema", "../conf/schemas/sensor-readings.json");
        flat.put("scoring.enabled", String.valueOf(scoring));
        flat.put("scoring.features", "temperature;humidity");
        flat.put("hotspots.enabled", String.valueOf(hotspots));
        flat.put("hotspots.columns", "temperature;humidity");
        flat.put("hotspots.scan-radius", "1.0");
        JobConfig cfg = JobConfig.fromMap(flat);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LakePipeline.wire(env, new NoIo(), cfg);
        return env.getStreamGraph().getStreamNodes().stream()
                .sorted((a, b) -> Integer.compare(a.getId(), b.getId()))
                .map(StreamNode::getTransformationUID)
                .collect(Collectors.toList());
    }

    @Test
    void hotspotsOffAddsNothing() {
        assertThat(uids(false, true))
                .doesNotContain("detect-hotspots", "encode-hotspots", "lake-hotspots");
    }

    @Test
    void hotspotsSitAfterScoringBeforeTheEventsEncodeWithTheirOwnTable() {
        assertThat(uids(true, true))
                .containsSubsequence(
                        "transform",
                        "score-anomalies",
                        "detect-hotspots",
                        "encode-events",
                        "event-time-watermarks",
                        "lake-events");
        assertThat(uids(true, false))
                .containsSubsequence("transform", "detect-hotspots", "encode-events")
                .containsSubsequence("detect-hotspots", "encode-hotspots", "lake-hotspots");
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
