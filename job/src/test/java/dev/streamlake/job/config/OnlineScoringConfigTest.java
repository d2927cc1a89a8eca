package dev.streamlake.job.config;

import static dev.streamlake.job.config.ScoringConfigTest.scoringOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.streamlake.udfs.anomaly.RcfProfile;
import dev.streamlake.udfs.anomaly.flag.FlagPolicy;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

class OnlineScoringConfigTest {
    /** Scoring on over the temperature, with {@code more} settings as key, value pairs. */
    static JobConfig on(String... more) {
        return scoringOn("temperature", more);
    }

    private static ThrowableAssertAlternative<IllegalArgumentException> refused(
            String key, String value) {
        return assertThatIllegalArgumentException().isThrownBy(() -> on(key, value));
    }

    @Test
    void adaptiveFlagsAndKdaForestsByDefault() {
        JobConfig cfg = on();
        FlagPolicy flags = cfg.onlineScoring().flags();
        assertThat(flags.rule()).isEqualTo(FlagPolicy.Rule.ADAPTIVE);
        assertThat(flags.toString()).isEqualTo(FlagPolicy.defaults(3.0).toString());
        assertThat(cfg.onlineScoring().profile()).isEqualTo(RcfProfile.KDA);
        assertThat(cfg.onlineScoring().liveForests()).isEqualTo(1000);
    }

    @Test
    void theFleetProfileSizesForestsUnlessTreesOrSampleSizeAreSet() {
        JobConfig fleet = on("scoring.profile", "fleet");
        assertThat(fleet.scoring().params().trees()).isEqualTo(30);
        assertThat(fleet.scoring().params().sampleSize()).isEqualTo(64);
        assertThat(fleet.onlineScoring().liveForests()).isEqualTo(10_000);
        JobConfig own =
                on(
                        "scoring.profile",
                        "FLEET",
                        "scoring.trees",
                        "40",
                        "scoring.live-forests",
                        "500");
        assertThat(own.scoring().params().trees()).isEqualTo(40);
        assertThat(own.scoring().params().sampleSize()).isEqualTo(64);
        assertThat(own.onlineScoring().liveForests()).isEqualTo(500);
    }

    @Test
    void flagSettingsAreRead() {
        FlagPolicy fixed =
                on("scoring.flag.rule", "FIXED", "scoring.threshold", "2.5")
                        .onlineScoring()
                        .flags();
        assertThat(fixed.toString()).isEqualTo("fixed(threshold=2.5)");
        FlagPolicy adaptive =
                on(
                                "scoring.flag.quantile",
                                "0.95",
                                "scoring.flag.factor",
                                "1.3",
                                "scoring.flag.floor",
                                "2",
                                "scoring.flag.window",
                                "500",
                                "scoring.flag.warm-up",
                                "50")
                        .onlineScoring()
                        .flags();
        assertThat(adaptive.toString())
                .isEqualTo(
                        "adaptive(quantile=0.95, factor=1.3, floor=2.0, window=500.0,"
                                + " warmUp=50, threshold while warming up=3.0)");
    }

    @Test
    void badValuesNameTheirKey() {
        refused("scoring.flag.quantile", "1.5")
                .withMessageStartingWith("scoring.flag.quantile: expected between 0 and 1");
        refused("scoring.flag.warm-up", "-1")
                .withMessage("scoring.flag.warm-up: expected at least 0, got -1");
        refused("scoring.flag.rule", "sometimes")
                .withMessageStartingWith("scoring.flag.rule: invalid value 'sometimes'");
        refused("scoring.live-forests", "0")
                .withMessage("scoring.live-forests: expected at least 1, got 0");
        refused("scoring.profile", "huge")
                .withMessageStartingWith("scoring.profile: invalid value 'huge'");
    }
}
