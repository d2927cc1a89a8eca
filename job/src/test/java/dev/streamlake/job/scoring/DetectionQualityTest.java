package dev.streamlake.job.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.job.record.SensorRows;
import dev.streamlake.tools.producer.SampleGenerator;
import dev.streamlake.tools.producer.SampleGenerator.Kind;
import dev.streamlake.tools.producer.SampleGenerator.Sample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * Detection quality on the sample generator's labelled anomalies, through the operator with KDA's
 * defaults on temperature and humidity. Figures are printed (and recorded in
 * docs/ANOMALY_SCORING.md); the assertions are floors well below them.
 */
class DetectionQualityTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int DEVICES = 30;
    static final int SAMPLES = 30_000;
    static final int WARM_UP = 100; // points per device before scores count
    static final int SHIFT_WINDOW = 5; // a level shift counts as found if one of its first 5 flags
    static final int VARIANCE_WINDOW = 20; // a variance change, if one of its first 20 does

    @Test
    void mostInjectedAnomaliesScoreAboveThe99thPercentileOfNormalPoints() throws Exception {
        SampleGenerator generator = new SampleGenerator(42, DEVICES);
        List<Double> normal = new ArrayList<>();
        List<Double> spikes = new ArrayList<>();
        Map<String, List<Double>> shiftStarts = new HashMap<>();
        Map<String, List<Double>> varianceStarts = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        Set<Kind> scored =
                EnumSet.of(Kind.VALID, Kind.SPIKE, Kind.LEVEL_SHIFT, Kind.VARIANCE_CHANGE);
        try (var h = ScoreAnomaliesTest.harness(Double.MAX_VALUE)) {
            h.open();
            for (int i = 0; i < SAMPLES; i++) {
                Sample s = generator.next(1_700_000_000_000L + 1_000L * i);
                if (!scored.contains(s.kind)) continue;
                JsonNode json = JSON.readTree(s.payload);
                h.processElement(
                        SensorRows.in(
                                Row.of(
                                        s.deviceId,
                                        s.eventTime,
                                        json.get("temperature").asDouble(),
                                        json.get("humidity").asDouble())));
                List<Row> out = SensorRows.rowsOf(h.extractOutputValues());
                double score = (Double) out.get(out.size() - 1).getField(4);
                h.getOutput().clear();
                if (seen.merge(s.deviceId, 1, Integer::sum) <= WARM_UP) continue;
                if (s.kind == Kind.VALID) normal.add(score);
                else if (s.kind == Kind.SPIKE) spikes.add(score);
                else if (s.kind == Kind.LEVEL_SHIFT) {
                    List<Double> first =
                            shiftStarts.computeIfAbsent(s.deviceId, d -> new ArrayList<>());
                    if (first.size() < SHIFT_WINDOW) first.add(score);
                } else {
                    List<Double> first =
                            varianceStarts.computeIfAbsent(s.deviceId, d -> new ArrayList<>());
                    if (first.size() < VARIANCE_WINDOW) first.add(score);
                }
            }
        }
        Collections.sort(normal);
        double p99 = normal.get((int) (normal.size() * 0.99));
        long spikesOver = spikes.stream().filter(x -> x > p99).count();
        long shiftsFound =
                shiftStarts.values().stream()
                        .filter(first -> first.stream().anyMatch(x -> x > p99))
                        .count();
        long variancesFound =
                varianceStarts.values().stream()
                        .filter(first -> first.stream().anyMatch(x -> x > p99))
                        .count();
        long varianceFlags =
                varianceStarts.values().stream().flatMap(List::stream).filter(x -> x > p99).count();
        long varianceScored = varianceStarts.values().stream().mapToLong(List::size).sum();
        System.out.printf(
                "RCF quality: %d normal points, p99 score %.3f, median %.3f;"
                        + " spikes over p99: %d of %d (%.1f%%); level shifts found in their first"
                        + " %d points: %d of %d devices; variance changes found in their first %d"
                        + " points: %d of %d devices (%d of %d of those points over p99)%n",
                normal.size(),
                p99,
                normal.get(normal.size() / 2),
                spikesOver,
                spikes.size(),
                100.0 * spikesOver / spikes.size(),
                SHIFT_WINDOW,
                shiftsFound,
                shiftStarts.size(),
                VARIANCE_WINDOW,
                variancesFound,
                varianceStarts.size(),
                varianceFlags,
                varianceScored);
        assertThat(spikes).hasSizeGreaterThan(30);
        assertThat((double) spikesOver / spikes.size()).isGreaterThan(0.9);
        assertThat(shiftStarts).isNotEmpty();
        assertThat((double) shiftsFound / shiftStarts.size()).isGreaterThanOrEqualTo(0.5);
        assertThat(varianceStarts).isNotEmpty();
        assertThat((double) variancesFound / varianceStarts.size()).isGreaterThanOrEqualTo(0.5);
    }
}
