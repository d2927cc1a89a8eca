package dev.streamlake.job.hotspots;

import static dev.streamlake.job.record.MidStreamRestore.resumedRun;
import static dev.streamlake.job.record.MidStreamRestore.uninterruptedRun;
import static dev.streamlake.job.record.SensorRows.SCHEMA;
import static dev.streamlake.job.record.SensorRows.in;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.HotspotsConfig;
import dev.streamlake.job.config.HotspotsOptions;
import dev.streamlake.job.config.OptionReader;
import dev.streamlake.job.record.MidStreamRestore;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.udfs.hotspots.HotspotDetector;
import dev.streamlake.udfs.hotspots.HotspotParams;
import dev.streamlake.udfs.hotspots.HotspotsJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** The operator through Flink's keyed harness: results, change rows, scopes, and restore. */
class DetectHotspotsTest {
    static final HotspotParams PARAMS = HotspotParams.of(200, 1.0, 8);

    static HotspotsConfig config(HotspotsOptions.Scope scope) {
        Configuration conf = new Configuration();
        conf.set(HotspotsOptions.ENABLED, true);
        conf.set(HotspotsOptions.COLUMNS, List.of("temperature", "humidity"));
        conf.set(HotspotsOptions.WINDOW_SIZE, PARAMS.windowSize());
        conf.set(HotspotsOptions.SCAN_RADIUS, PARAMS.scanRadius());
        conf.set(HotspotsOptions.MINIMUM_POINTS, PARAMS.minPoints());
        conf.set(HotspotsOptions.SCOPE, scope);
        return HotspotsConfig.from(new OptionReader(conf), SCHEMA);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, ValidRecord, ValidRecord> harness(
            HotspotsOptions.Scope scope) throws Exception {
        HotspotsConfig cfg = config(scope);
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new DetectHotspots(cfg, SCHEMA.size(), DetectHotspots.changesTag(SCHEMA)),
                DetectHotspots.windowKey(cfg, SCHEMA.keyIndex()),
                Types.STRING);
    }

    /**
     * Two devices; dev-a clusters at (35 °C, 80 %) for readings 300–499; one reading lacks a value.
     */
    static List<Row> readings(int n) {
        Random r = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String device = i % 2 == 0 ? "dev-a" : "dev-b";
            boolean planted = device.equals("dev-a") && i >= 300 && i < 500;
            Double t = planted ? 35 + r.nextGaussian() * 0.3 : 10 + r.nextDouble() * 30;
            double h = planted ? 80 + r.nextGaussian() * 0.3 : 20 + r.nextDouble() * 60;
            if (i == 401) t = null;
            rows.add(Row.of(device, 1_000L * i, t, h));
        }
        return rows;
    }

    static final class Out {
        final List<String> results;
        final List<String> changes;

        Out(List<String> results, List<String> changes) {
            this.results = results;
            this.changes = changes;
        }

        List<String> results() {
            return results;
        }

        List<String> changes() {
            return changes;
        }
    }

    static Out run(
            KeyedOneInputStreamOperatorTestHarness<String, ValidRecord, ValidRecord> h,
            List<Row> rows)
            throws Exception {
        h.getOutput().clear();
        for (Row row : rows) h.processElement(in(row));
        List<String> results =
                h.extractOutputValues().stream()
                        .map(v -> (String) v.row().getField(SCHEMA.size()))
                        .collect(Collectors.toList());
        List<String> changes = new ArrayList<>();
        var side = h.getSideOutput(DetectHotspots.changesTag(SCHEMA));
        if (side != null) side.forEach(rec -> changes.add(rec.getValue().row().toString()));
        return new Out(results, changes);
    }

    @Test
    void globalWindowGivesEveryEventKdasJsonOfTheWholeStream() throws Exception {
        List<Row> rows = readings(900);
        HotspotDetector d = new HotspotDetector(PARAMS, 2);
        List<String> want = new ArrayList<>();
        for (Row row : rows) {
            if (row.getField(2) != null)
                d.add(new double[] {(Double) row.getField(2), (Double) row.getField(3)});
            want.add(HotspotsJson.of(d.hotspots()));
        }
        try (var h = harness(HotspotsOptions.Scope.GLOBAL)) {
            h.open();
            Out out = run(h, rows);
            assertThat(out.results()).containsExactlyElementsOf(want);
            assertThat(out.results().get(499)).startsWith("{\"hotspots\":[{\"density\":");
            assertThat(out.results().get(899)).isEqualTo("{\"hotspots\":[]}");
            assertThat(out.changes())
                    .anyMatch(c -> c.contains(", APPEARED, "))
                    .anyMatch(c -> c.contains(", MOVED, "));
            String last = out.changes().get(out.changes().size() - 1);
            assertThat(last).contains(", DISAPPEARED, ").contains("temperature;humidity");
            assertThat(HotspotsConfig.changesSchema(SCHEMA).size()).isEqualTo(9);
        }
    }

    @Test
    void perKeyWindowsSeeOnlyTheirKeysEvents() throws Exception {
        List<Row> rows = readings(900);
        Map<String, HotspotDetector> ds = new HashMap<>();
        List<String> want = new ArrayList<>();
        for (Row row : rows) {
            HotspotDetector d =
                    ds.computeIfAbsent(
                            (String) row.getField(0), k -> new HotspotDetector(PARAMS, 2));
            if (row.getField(2) != null)
                d.add(new double[] {(Double) row.getField(2), (Double) row.getField(3)});
            want.add(HotspotsJson.of(d.hotspots()));
        }
        try (var h = harness(HotspotsOptions.Scope.PER_KEY)) {
            h.open();
            assertThat(run(h, rows).results()).containsExactlyElementsOf(want);
        }
    }

    @Test
    void restoringMidStreamGivesTheUninterruptedOutput() throws Exception {
        List<Row> rows = readings(900);
        MidStreamRestore.Harnesses global = () -> harness(HotspotsOptions.Scope.GLOBAL);
        Out uninterrupted = uninterruptedRun(global, rows, DetectHotspotsTest::run);
        // the checkpoint falls inside the planted hotspot's life
        List<Out> parts = resumedRun(global, rows, 420, 50, DetectHotspotsTest::run);
        List<String> results = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (Out part : parts) {
            results.addAll(part.results());
            changes.addAll(part.changes());
        }
        assertThat(results).containsExactlyElementsOf(uninterrupted.results());
        assertThat(changes).containsExactlyElementsOf(uninterrupted.changes());
        assertThat(uninterrupted.results().get(419)).isNotEqualTo("{\"hotspots\":[]}");
    }
}
