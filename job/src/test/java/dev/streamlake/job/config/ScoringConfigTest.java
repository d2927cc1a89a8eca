package dev.streamlake.job.config;

import static dev.streamlake.job.config.JobSettings.config;
import static dev.streamlake.job.config.JobSettings.minimalWith;
import static dev.streamlake.job.config.JobSettings.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ScoringConfigTest {
    /** Scoring on over these features, with {@code more} settings as key, value pairs. */
    static JobConfig scoringOn(String features, String... more) {
        return JobConfig.fromMap(
                with(
                        minimalWith(
                                ScoringOptions.ENABLED.key(),
                                "true",
                                ScoringOptions.FEATURES.key(),
                                features),
                        more));
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
                scoringOn(
                        "temperature",
                        ScoringOptions.TREES.key(),
                        "50",
                        ScoringOptions.SAMPLE_SIZE.key(),
                        "128",
                        ScoringOptions.TIME_DECAY.key(),
                        "1000",
                        ScoringOptions.SHINGLE_SIZE.key(),
                        "4",
                        ScoringOptions.OUTPUT_AFTER.key(),
                        "10",
                        ScoringOptions.SEED.key(),
                        "7");
        assertThat(cfg.scoring().params().toString())
                .isEqualTo(
                        "RcfParams{trees=50, sampleSize=128, timeDecayWindow=1000.0, shingleSize=4,"
                                + " outputAfter=10, seed=7}");
    }

    @Test
    void rejectsMissingOrNonNumericFeaturesNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config(ScoringOptions.ENABLED.key(), "true"))
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
                .isThrownBy(() -> config(ScoringOptions.TREES.key(), "0"))
                .withMessageStartingWith("scoring.trees:");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> scoringOn("temperature", ScoringOptions.IDLE_TTL.key(), "0 s"))
                .withMessage("scoring.idle-ttl: must be positive");
    }
}
