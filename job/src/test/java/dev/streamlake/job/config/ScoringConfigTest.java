package dev.streamlake.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringConfigTest {
    static JobConfig config(String... keyValues) {
        Map<String, String> flat = new HashMap<>();
        flat.put("source.stream", "sensor-readings");
        flat.put("source.region", "us-east-1");
        flat.put("lake.path", "/tmp/lake");
        flat.put("validation.schema", "../conf/schemas/sensor-readings.json");
        for (int i = 0; i < keyValues.length; i += 2) flat.put(keyValues[i], keyValues[i + 1]);
        return JobConfig.fromMap(flat);
    }

    @Test
    void offByDefaultLeavingTheEventsSchemaAlone() {
        JobConfig cfg = config();
        assertThat(cfg.scoring().enabled()).isFalse();
        assertThat(cfg.eventsSchema()).isSameAs(cfg.schema());
    }

    @Test
    void onAppendsScoreAndExplanationColumnsWithKdaDefaults() {
        JobConfig cfg = config("scoring.enabled", "true", "scoring.features", "temperature;humidity");
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
        JobConfig cfg = config("scoring.enabled", "true", "scoring.features", "temperature",
                "scoring.trees", "50", "scoring.sample-size", "128", "scoring.time-decay", "1000",
                "scoring.shingle-size", "4", "scoring.output-after", "10", "scoring.seed", "7");
        assertThat(cfg.scoring().params().toString()).isEqualTo(
                "RcfParams{trees=50, sampleSize=128, timeDecayWindow=1000.0, shingleSize=4,"
                        + " outputAfter=10, seed=7}");
    }

    @Test
    void rejectsMissingOrNonNumericFeaturesNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config("scoring.enabled", "true"))
                .withMessage("scoring.features: required when scoring is on");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config("scoring.enabled", "true", "scoring.features", "nope"))
                .withMessage("scoring.features: no column named 'nope'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config("scoring.enabled", "true", "scoring.features", "status"))
                .withMessage("scoring.features: column 'status' is string, not double, int or bigint");
    }

    @Test
    void rejectsBadParametersNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config("scoring.trees", "0"))
                .withMessageStartingWith("scoring.trees:");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config("scoring.enabled", "true", "scoring.features", "temperature",
                        "scoring.idle-ttl", "0 s"))
                .withMessage("scoring.idle-ttl: must be positive");
    }
}
