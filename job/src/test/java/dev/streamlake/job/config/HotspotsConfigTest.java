package dev.streamlake.job.config;

import static dev.streamlake.job.config.JobSettings.minimalWith;
import static dev.streamlake.job.config.JobSettings.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

/** hotspots.* settings: what is required, and every error names its key. */
class HotspotsConfigTest {
    /** Hotspots on, with what they need: the columns and the scan radius. */
    static Map<String, String> hotspotsOn() {
        return minimalWith(
                "hotspots.enabled",
                "true",
                "hotspots.columns",
                "temperature;humidity",
                "hotspots.scan-radius",
                "1.5");
    }

    private static ThrowableAssertAlternative<IllegalArgumentException> refused(
            String key, String value) {
        return assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(with(hotspotsOn(), key, value)));
    }

    @Test
    void onAddsTheResultColumnWithKdasDefaults() {
        JobConfig cfg = JobConfig.fromMap(hotspotsOn());
        assertThat(cfg.hotspots().params().windowSize()).isEqualTo(1000);
        assertThat(cfg.hotspots().params().minPoints()).isEqualTo(10);
        assertThat(cfg.hotspots().scope()).isEqualTo(HotspotsOptions.Scope.GLOBAL);
        assertThat(cfg.eventsSchema().column(cfg.eventsSchema().size() - 1).name())
                .isEqualTo("hotspots_result");
    }

    @Test
    void offAddsNothingAndNeedsNothing() {
        JobConfig cfg = JobConfig.fromMap(with(hotspotsOn(), "hotspots.enabled", "false"));
        assertThat(cfg.eventsSchema().indexOf("hotspots_result")).isNegative();
        Map<String, String> off =
                with(
                        hotspotsOn(),
                        "hotspots.enabled",
                        "false",
                        "hotspots.columns",
                        null,
                        "hotspots.scan-radius",
                        null);
        assertThat(JobConfig.fromMap(off).hotspots().enabled()).isFalse();
        refused("hotspots.scan-radius", null)
                .withMessage("hotspots.scan-radius: required when hotspots are on");
    }

    @Test
    void errorsNameTheKey() {
        refused("hotspots.columns", null)
                .withMessage("hotspots.columns: required when hotspots are on");
        refused("hotspots.columns", "status")
                .withMessage(
                        "hotspots.columns: column 'status' is string, not double, int or bigint");
        refused("hotspots.columns", "nope").withMessage("hotspots.columns: no column named 'nope'");
        refused("hotspots.scan-radius", "-1")
                .withMessageStartingWith("hotspots.scan-radius: expected a positive finite number");
        refused("hotspots.window-size", "1")
                .withMessageStartingWith("hotspots.window-size: expected 2..100000");
        refused("hotspots.minimum-points", "1")
                .withMessageStartingWith("hotspots.minimum-points: expected 2..windowSize");
        refused("hotspots.scope", "SOME").withMessageStartingWith("hotspots.scope: invalid value");
    }
}
