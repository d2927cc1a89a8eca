package dev.streamlake.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.JobSettings;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.ScoringOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/**
 * The job graph as users see it in the web UI and in CloudWatch's Operator dimension: every
 * operator, the sinks' own included, has a name that reads like the pipeline and a stable uid.
 */
class LakePipelineGraphTest {

    private static Map<String, String> namesByUid(boolean scoring) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false); // a missing uid fails here
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(1000);
        JobConfig cfg =
                JobSettings.config(
                        LakeOptions.PATH.key(),
                        "file:///tmp/lake",
                        ScoringOptions.ENABLED.key(),
                        String.valueOf(scoring),
                        ScoringOptions.FEATURES.key(),
                        "temperature;humidity");
        LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
        StreamGraph graph = env.getStreamGraph();
        graph.getJobGraph(); // checks that every operator has a uid
        Map<String, String> out = new LinkedHashMap<>();
        graph.getStreamNodes().stream()
                .sorted((a, b) -> Integer.compare(a.getId(), b.getId()))
                .forEach(n -> out.put(n.getTransformationUID(), n.getOperatorName()));
        return out;
    }

    /**
     * The sinks' writer and committer uids are Flink's own derivation from the sink's uid (as
     * before the sinks reported metrics, so savepoints still restore); the commit watch has no
     * state, its uid only satisfies {@code pipeline.auto-generate-uids: false}; nor have the encode
     * steps.
     */
    @Test
    void everyOperatorHasItsUidAndName() {
        assertThat(namesByUid(false))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.ofEntries(
                                Map.entry("kinesis-source", "Source: Kinesis: sensor-readings"),
                                Map.entry("unpack-aggregates", "Unpack KPL aggregates"),
                                Map.entry("parse-validate", "Parse and validate"),
                                Map.entry("transform", "Transform"),
                                Map.entry("encode-events", "Encode: events"),
                                Map.entry("event-time-watermarks", "Event-time watermarks"),
                                Map.entry(
                                        "lake-events: commit-watch", "Lake: events: Commit watch"),
                                Map.entry("lake-events", "Lake: events: Writer"),
                                Map.entry("Sink Committer: lake-events", "Lake: events: Committer"),
                                Map.entry("encode-errors", "Encode: errors"),
                                Map.entry(
                                        "lake-errors: commit-watch", "Lake: errors: Commit watch"),
                                Map.entry("lake-errors", "Lake: errors: Writer"),
                                Map.entry(
                                        "Sink Committer: lake-errors", "Lake: errors: Committer")));
    }

    @Test
    void scoringAddsItsOperatorAndTheAnomaliesTable() {
        assertThat(namesByUid(true))
                .containsEntry("score-anomalies", "Score anomalies (RCF)")
                .containsEntry("encode-anomalies", "Encode: anomalies")
                .containsEntry("lake-anomalies: commit-watch", "Lake: anomalies: Commit watch")
                .containsEntry("lake-anomalies", "Lake: anomalies: Writer")
                .containsEntry("Sink Committer: lake-anomalies", "Lake: anomalies: Committer");
    }
}
