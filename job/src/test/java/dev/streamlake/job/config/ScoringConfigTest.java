package dev.streamlake.job.config;

import static dev.streamlake.job.config.JobSettings.config;
import static dev.streamlake.job.config.JobSettings.minimalWith;
import static dev.streamlake.job.config.JobSettings.set;
import static dev.streamlake.job.config.JobSettings.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringConfigTest {
    /** The minimal settings with scoring on over these features. */
    static Map<String, String> scoringOnSettings(String features) {
        return minimalWith(
                set(ScoringOptions.ENABLED, "true"), set(ScoringOptions.FEATURES, features));
    }

    /** Scoring on over these features, with {@code more} settings. */
    static JobConfig scoringOn(String features, JobSettings.Setting... more) {
        return JobConfig.fromMap(with(scoringOnSettings(features), more));
    }

    @Test
    void offByDefaultLeavingTheEventsSchemaAlone() {
        JobConfig cfg = config();
        assertThat(cfg.scoring().enabled()).isFalse();
        assertThat(cfg.eventsSchema()).isSameAs(cfg.schema());
    }

    @Test
    void onAppendsScoreAndExplanationColumnsWithKdaDefaults() {
        JobConfig cfg = scoringOn("temperature;humidity");
        assertThat(cfg.scoring().features()).containsExactly("temperature", "humidity");
        assertThat(cfg.scoring().featureIndexes()).containsExactly(3, 4);
        assertThat(cfg.scoring().params().trees()).isEqualTo(100);
        assertThat(cfg.scoring().params().sampleSize()).isEqualTo(256);
        assertThat(cfg.scoring().params().timeDecayWindow()).isEqualTo(100_000);
        int n = cfg.schema().size();
        assertThat(cfg.eventsSchema().size()).isEqualTo(n + 2);
        assertThat(cfg.eventsSchema().column(n).name()).isEqualTo("anomaly_score");
        assertThat(cfg.eventsSchema().column(n + 1).name()).isEqualTo("anomaly_explanation");
    }

    @Test
    void parametersAreRead() {
        JobConfig cfg =
                JobConfig.fromMap(
                        with(
                                scoringOnSettings("temperature"),
                                set(ScoringOptions.TREES, "50"),
                                set(ScoringOptions.SAMPLE_SIZE, "128"),
                                set(ScoringOptions.TIME_DECAY, "1000"),
                                set(ScoringOptions.SHINGLE_SIZE, "4"),
                                set(ScoringOptions.OUTPUT_AFTER, "10"),
                                set(ScoringOptions.SEED, "7")));
        assertThat(cfg.scoring().params().toString())
                .isEqualTo(
                        "RcfParams{trees=50, sampleSize=128, timeDecayWindow=1000.0, shingleSize=4,"
                                + " outputAfter=10, seed=7}");
    }

    @Test
    void rejectsMissingOrNonNumericFeaturesNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config(set(ScoringOptions.ENABLED, "true")))
                .withMessage("scoring.features: required when scoring is on");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> scoringOn("nope"))
                .withMessage("scoring.features: no column named 'nope'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> scoringOn("status"))
                .withMessage(
                        "scoring.features: column 'status' is string, not double, int or bigint");
    }

    @Test
    void rejectsBadParametersNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config(set(ScoringOptions.TREES, "0")))
                .withMessageStartingWith("scoring.trees:");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> scoringOn("temperature", set(ScoringOptions.IDLE_TTL, "0 s")))
                .withMessage("scoring.idle-ttl: must be positive");
    }
}
