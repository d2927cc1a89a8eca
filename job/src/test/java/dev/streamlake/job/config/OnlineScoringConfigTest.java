package dev.streamlake.job.config;

import static dev.streamlake.job.config.JobSettings.set;
import static dev.streamlake.job.config.ScoringConfigTest.scoringOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.streamlake.job.config.JobSettings.Setting;
import dev.streamlake.udfs.anomaly.RcfProfile;
import dev.streamlake.udfs.anomaly.flag.FlagPolicy;
import org.apache.flink.configuration.ConfigOption;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

class OnlineScoringConfigTest {
    /** Scoring on over the temperature, with {@code more} settings. */
    static JobConfig on(Setting... more) {
        return scoringOn("temperature", more);
    }

    private static ThrowableAssertAlternative<IllegalArgumentException> refused(
            ConfigOption<?> option, String value) {
        return assertThatIllegalArgumentException().isThrownBy(() -> on(set(option, value)));
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
        JobConfig fleet = on(set(FleetOptions.PROFILE, "fleet"));
        assertThat(fleet.scoring().params().trees()).isEqualTo(30);
        assertThat(fleet.scoring().params().sampleSize()).isEqualTo(64);
        assertThat(fleet.onlineScoring().liveForests()).isEqualTo(10_000);
        JobConfig own =
                on(
                        set(FleetOptions.PROFILE, "FLEET"),
                        set(ScoringOptions.TREES, "40"),
                        set(FleetOptions.LIVE_FORESTS, "500"));
        assertThat(own.scoring().params().trees()).isEqualTo(40);
        assertThat(own.scoring().params().sampleSize()).isEqualTo(64);
        assertThat(own.onlineScoring().liveForests()).isEqualTo(500);
    }

    @Test
    void flagSettingsAreRead() {
        FlagPolicy fixed =
                on(set(FlagOptions.RULE, "FIXED"), set(ScoringOptions.THRESHOLD, "2.5"))
                        .onlineScoring()
                        .flags();
        assertThat(fixed.toString()).isEqualTo("fixed(threshold=2.5)");
        FlagPolicy adaptive =
                on(
                                set(FlagOptions.QUANTILE, "0.95"),
                                set(FlagOptions.FACTOR, "1.3"),
                                set(FlagOptions.FLOOR, "2"),
                                set(FlagOptions.WINDOW, "500"),
                                set(FlagOptions.WARM_UP, "50"))
                        .onlineScoring()
                        .flags();
        assertThat(adaptive.toString())
                .isEqualTo(
                        "adaptive(quantile=0.95, factor=1.3, floor=2.0, window=500.0,"
                                + " warmUp=50, threshold while warming up=3.0)");
    }

    @Test
    void badValuesNameTheirKey() {
        refused(FlagOptions.QUANTILE, "1.5")
                .withMessageStartingWith("scoring.flag.quantile: expected between 0 and 1");
        refused(FlagOptions.WARM_UP, "-1")
                .withMessage("scoring.flag.warm-up: expected at least 0, got -1");
        refused(FlagOptions.RULE, "sometimes")
                .withMessageStartingWith("scoring.flag.rule: invalid value 'sometimes'");
        refused(FleetOptions.LIVE_FORESTS, "0")
                .withMessage("scoring.live-forests: expected at least 1, got 0");
        refused(FleetOptions.PROFILE, "huge")
                .withMessageStartingWith("scoring.profile: invalid value 'huge'");
    }
}
