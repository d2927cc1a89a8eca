package dev.streamlake.job.config;

import static dev.streamlake.job.config.JobSettings.minimalWith;
import static dev.streamlake.job.config.JobSettings.set;
import static dev.streamlake.job.config.JobSettings.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

/** hotspots.* settings: what is required, and every error names its key. */
class HotspotsConfigTest {
    /** Hotspots on, with what they need: the columns and the scan radius. */
    static Map<String, String> hotspotsOn() {
        return minimalWith(
                set(HotspotsOptions.ENABLED, "true"),
                set(HotspotsOptions.COLUMNS, "temperature;humidity"),
                set(HotspotsOptions.SCAN_RADIUS, "1.5"));
    }

    private static ThrowableAssertAlternative<IllegalArgumentException> refused(
            ConfigOption<?> option, String value) {
        return assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(with(hotspotsOn(), set(option, value))));
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
        JobConfig cfg =
                JobConfig.fromMap(with(hotspotsOn(), set(HotspotsOptions.ENABLED, "false")));
        assertThat(cfg.eventsSchema().indexOf("hotspots_result")).isNegative();
        Map<String, String> off =
                with(
                        hotspotsOn(),
                        set(HotspotsOptions.ENABLED, "false"),
                        set(HotspotsOptions.COLUMNS, null),
                        set(HotspotsOptions.SCAN_RADIUS, null));
        assertThat(JobConfig.fromMap(off).hotspots().enabled()).isFalse();
        refused(HotspotsOptions.SCAN_RADIUS, null)
                .withMessage("hotspots.scan-radius: required when hotspots are on");
    }

    @Test
    void errorsNameTheKey() {
        refused(HotspotsOptions.COLUMNS, null)
                .withMessage("hotspots.columns: required when hotspots are on");
        refused(HotspotsOptions.COLUMNS, "status")
                .withMessage(
                        "hotspots.columns: column 'status' is string, not double, int or bigint");
        refused(HotspotsOptions.COLUMNS, "nope")
                .withMessage("hotspots.columns: no column named 'nope'");
        refused(HotspotsOptions.SCAN_RADIUS, "-1")
                .withMessageStartingWith("hotspots.scan-radius: expected a positive finite number");
        refused(HotspotsOptions.WINDOW_SIZE, "1")
                .withMessageStartingWith("hotspots.window-size: expected 2..100000");
        refused(HotspotsOptions.MINIMUM_POINTS, "1")
                .withMessageStartingWith("hotspots.minimum-points: expected 2..windowSize");
        refused(HotspotsOptions.SCOPE, "SOME")
                .withMessageStartingWith("hotspots.scope: invalid value");
    }
}
