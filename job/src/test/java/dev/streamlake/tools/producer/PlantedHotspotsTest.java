package dev.streamlake.tools.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.tools.producer.SampleGenerator.Kind;
import dev.streamlake.tools.producer.SampleGenerator.Sample;
import dev.streamlake.udfs.hotspots.Hotspot;
import dev.streamlake.udfs.hotspots.HotspotDetector;
import dev.streamlake.udfs.hotspots.HotspotParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sample generator's planted dense region is what hotspot detection finds, with the local run's
 * settings (conf/application-properties-local.json: one window of 1000 over temperature and
 * humidity, radius 1.0, 50 points): one hotspot around (38 °C, 85 %) during each planted period,
 * none elsewhere once the window has moved on.
 */
class PlantedHotspotsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theLocalRunsSettingsFindThePlantedHotspotAndNothingElse() throws Exception {
        SampleGenerator g = new SampleGenerator(42, 50);
        HotspotDetector d = new HotspotDetector(HotspotParams.of(1000, 1.0, 50), 2);
        int plantedSeen = 0;
        for (long i = 0; i < 20_000; i++) {
            Sample s = g.next(1_700_000_000_000L + 1_000L * i);
            if (!Kind.keptAsEvents().contains(s.kind)) continue;
            JsonNode json = JSON.readTree(s.payload);
            List<Hotspot> spots =
                    d.add(
                            new double[] {
                                json.get("temperature").asDouble(), json.get("humidity").asDouble()
                            });
            long sincePlanting = i % 10_000 - 5_000;
            if (sincePlanting >= 1_000
                    && sincePlanting < 2_000) { // the window is mostly planted period
                assertThat(spots).as("reading %d", i).hasSize(1);
                Hotspot h = spots.get(0);
                assertThat(h.minValues()[0]).isBetween(36.0, 38.0);
                assertThat(h.maxValues()[0]).isBetween(38.0, 40.0);
                assertThat(h.minValues()[1]).isBetween(84.0, 85.0);
                assertThat(h.maxValues()[1]).isBetween(85.0, 86.0);
                assertThat(h.points()).isGreaterThan(150);
                plantedSeen++;
            } else if (sincePlanting < 0
                    || sincePlanting >= 3_200) { // the window holds no planted reading
                assertThat(spots).as("reading %d", i).isEmpty();
            }
        }
        assertThat(plantedSeen).isGreaterThan(1_500);
    }
}
