package dev.streamlake.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.ScoringOptions;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The wiring with scoring off and on; the scoring itself is tested in ScoreAnomaliesTest. */
class LakePipelineScoringTest {
    static JobConfig config(boolean scoring) {
        Map<String, String> flat = WiredGraph.settings();
        flat.put(ScoringOptions.ENABLED.key(), String.valueOf(scoring));
        flat.put(ScoringOptions.FEATURES.key(), "temperature;humidity");
        return JobConfig.fromMap(flat);
    }

    static List<String> uids(boolean scoring) {
        return WiredGraph.uids(config(scoring));
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
        assertThat(WiredGraph.of(config(true)).getStreamNodes())
                .filteredOn(n -> "score-anomalies".equals(n.getTransformationUID()))
                .extracting(StreamNode::getOperatorName)
                .containsExactly("Score anomalies (RCF)");
    }
}
