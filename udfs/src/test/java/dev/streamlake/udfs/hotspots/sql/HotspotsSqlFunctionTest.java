package dev.streamlake.udfs.hotspots.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.udfs.hotspots.HotspotDetector;
import dev.streamlake.udfs.hotspots.HotspotParams;
import dev.streamlake.udfs.hotspots.HotspotsJson;
import dev.streamlake.udfs.sql.EventsView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * The docs' migration query in Flink SQL (streaming mode, two partitions): every row gets KDA's
 * {@code HOTSPOTS_RESULT} JSON, equal to the detector's on that partition's rows so far; a dense
 * region planted in one device's readings shows up with bounds around it; a NULL reading leaves the
 * window alone.
 */
class HotspotsSqlFunctionTest {
    static final int PER_DEVICE = 300;

    @Test
    void migrationQueryGivesEachRowItsPartitionsHotspots() throws Exception {
        Random r = new Random(9);
        List<Row> events = new ArrayList<>();
        for (int i = 0; i < PER_DEVICE; i++) {
            for (String device : List.of("dev-a", "dev-b")) {
                boolean planted = device.equals("dev-a") && i >= 150 && i < 230;
                Double t = planted ? 35 + r.nextGaussian() * 0.2 : 10 + r.nextDouble() * 30;
                double h = planted ? 80 + r.nextGaussian() * 0.2 : 20 + r.nextDouble() * 60;
                if (i == 200 && device.equals("dev-b")) t = null;
                events.add(Row.of(device, 60_000L * i, t, h));
            }
        }
        StreamTableEnvironment tEnv = EventsView.of(events);
        tEnv.executeSql(
                "CREATE TEMPORARY SYSTEM FUNCTION HOTSPOTS AS '" + Hotspots.class.getName() + "'");

        Map<String, String> got = new HashMap<>();
        List<Row> rows =
                EventsView.collect(
                        tEnv,
                        "SELECT device_id, ts, HOTSPOTS(100, 1.0, 8, temperature, humidity) OVER (PARTITION BY device_id"
                                + " ORDER BY event_time ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS hotspots_result"
                                + " FROM events");
        for (Row row : rows)
            got.put(row.getField(0) + "@" + row.getField(1), (String) row.getField(2));

        Map<String, HotspotDetector> detectors = new HashMap<>();
        Map<String, String> want = new HashMap<>();
        for (Row e : events) {
            HotspotDetector d =
                    detectors.computeIfAbsent(
                            (String) e.getField(0),
                            k -> new HotspotDetector(HotspotParams.of(100, 1.0, 8), 2));
            if (e.getField(2) != null)
                d.add(new double[] {(Double) e.getField(2), (Double) e.getField(3)});
            want.put(e.getField(0) + "@" + e.getField(1), HotspotsJson.of(d.hotspots()));
        }
        assertThat(got).hasSize(events.size()).isEqualTo(want);

        JsonNode planted =
                new ObjectMapper().readTree(got.get("dev-a@" + 60_000L * 229)).get("hotspots");
        assertThat(planted).hasSize(1);
        JsonNode spot = planted.get(0);
        assertThat(spot.fieldNames())
                .toIterable()
                .containsExactly("density", "maxValues", "minValues");
        assertThat(spot.get("minValues").get(0).asDouble()).isBetween(33.0, 35.0);
        assertThat(spot.get("maxValues").get(0).asDouble()).isBetween(35.0, 37.0);
        assertThat(spot.get("minValues").get(1).asDouble()).isBetween(78.0, 80.0);
        assertThat(spot.get("density").asDouble()).isPositive();
        assertThat(got.get("dev-b@" + 60_000L * 299)).isEqualTo("{\"hotspots\":[]}");
    }
}
