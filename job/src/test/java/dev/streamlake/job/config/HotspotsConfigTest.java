package dev.streamlake.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** hotspots.* settings: what is required, and every error names its key. */
class HotspotsConfigTest {
    static Map<String, String> minimal() {
        Map<String, String> flat = new HashMap<>();
        flat.put("source.stream", "sensor-readings");
        flat.put("source.region", "us-east-1");
        flat.put("lake.path", "/tmp/lake");
        flat.put("validation.schema", "../conf/schemas/sensor-readings.json");
        flat.put("hotspots.enabled", "true");
        flat.put("hotspots.columns", "temperature;humidity");
        flat.put("hotspots.scan-radius", "1.5");
        return flat;
    }

    static Map<String, String> with(String key, String value) {
        Map<String, String> flat = minimal();
        if (value == null) flat.remove(key);
        else flat.put(key, value);
        return flat;
    }

    @Test
    void onAddsTheResultColumnWithKdasDefaults() {
        JobConfig cfg = JobConfig.fromMap(minimal());
        assertThat(cfg.hotspots().params().windowSize()).isEqualTo(1000);
        assertThat(cfg.hotspots().params().minPoints()).isEqualTo(10);
        assertThat(cfg.hotspots().scope()).isEqualTo(HotspotsOptions.Scope.GLOBAL);
        assertThat(cfg.eventsSchema().column(cfg.eventsSchema().size() - 1).name())
                .isEqualTo("hotspots_result");
    }

    @Test
    void offAddsNothingAndNeedsNothing() {
        JobConfig cfg = JobConfig.fromMap(with("hotspots.enabled", "false"));
        assertThat(cfg.eventsSchema().indexOf("hotspots_result")).isNegative();
        Map<String, String> off = with("hotspots.enabled", "false");
        off.remove("hotspots.columns");
        off.remove("hotspots.scan-radius");
        assertThat(JobConfig.fromMap(off).hotspots().enabled()).isFalse();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(with("hotspots.scan-radius", null)))
                .withMessage("hotspots.scan-radius: required when hotspots are on");
    }

    @Test
    void errorsNameTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(with("hotspots.columns", null)))
                .withMessage("hotspots.columns: required when hotspots are on");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(with("hotspots.columns", "status")))
                .withMessage(
                        "hotspots.columns: column 'status' is string, not double, int or bigint");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(with("hotspots.columns", "nope")))
                .withMessage("hotspots.columns: no column named 'nope'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(with("hotspots.scan-radius", "-1")))
                .withMessageStartingWith("hotspots.scan-radius: expected a positive finite number");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(with("hotspots.window-size", "1")))
                .withMessageStartingWith("hotspots.window-size: expected 2..100000");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(with("hotspots.minimum-points", "1")))
                .withMessageStartingWith("hotspots.minimum-points: expected 2..windowSize");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(with("hotspots.scope", "SOME")))
                .withMessageStartingWith("hotspots.scope: invalid value");
    }
}
