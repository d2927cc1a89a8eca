package dev.streamlake.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.HotspotsOptions;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.ScoringOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wiring with hotspots off and on; the detection itself is tested in DetectHotspotsTest. */
class LakePipelineHotspotsTest {
    static List<String> uids(boolean hotspots, boolean scoring) {
        Map<String, String> flat = WiredGraph.settings();
        flat.put(ScoringOptions.ENABLED.key(), String.valueOf(scoring));
        flat.put(ScoringOptions.FEATURES.key(), "temperature;humidity");
        flat.put(HotspotsOptions.ENABLED.key(), String.valueOf(hotspots));
        flat.put(HotspotsOptions.COLUMNS.key(), "temperature;humidity");
        flat.put(HotspotsOptions.SCAN_RADIUS.key(), "1.0");
        return WiredGraph.uids(JobConfig.fromMap(flat));
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
}
