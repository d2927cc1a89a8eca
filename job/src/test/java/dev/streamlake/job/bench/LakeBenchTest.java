package dev.streamlake.job.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.bench.LakeBench.Run;
import dev.streamlake.job.config.LakeOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the benchmark harness working (no timing is asserted; see LakeBenchmark for figures). */
class LakeBenchTest {
    @TempDir Path lake;

    @Test
    void harnessRunsThePipelineAndTheBoundsOnTheSameRecords() throws Exception {
        List<byte[]> payloads = LakeBench.samples(3_000);

        assertThat(LakeBench.jacksonParseNanos(payloads)).isPositive();
        assertThat(LakeBench.gzipNanos(payloads, 6)).isPositive();
        Run json = LakeBench.pipeline("json-gzip", 3_000, lake.resolve("json"), Map.of());
        Run parquet =
                LakeBench.pipeline(
                        "parquet",
                        3_000,
                        lake.resolve("parquet"),
                        Map.of(LakeOptions.EVENTS_FORMAT.key(), "parquet"));

        for (Run r : List.of(json, parquet)) {
            assertThat(r.inputBytes).isEqualTo(LakeBench.bytes(payloads));
            assertThat(r.nanos).isPositive();
            assertThat(r.files).isPositive();
            assertThat(r.outputBytes).isPositive().isLessThan(r.inputBytes);
            assertThat(r.peakHeapBytes).isPositive();
            assertThat(r.taskCpuNanos).isPositive();
            // Records go from the source to the events writer in one chain: no serialization.
            assertThat(r.tasks)
                    .anySatisfy(
                            t ->
                                    assertThat(t)
                                            .contains("Pre-generated records")
                                            .contains("Parse and validate")
                                            .contains("Lake: events: Writer"));
        }
        // As with the Kinesis consumer (a legacy source), the events writer runs as its own task.
        Run legacy =
                LakeBench.pipeline(
                        "legacy", 3_000, lake.resolve("legacy"), Map.of(), LakeBench.Source.LEGACY);
        assertThat(legacy.inputBytes).isEqualTo(LakeBench.bytes(payloads));
        assertThat(legacy.taskCpuNanos).isPositive();
        assertThat(legacy.tasks)
                .contains("Lake: events: Writer -> Lake: events: Committer")
                .anySatisfy(
                        t ->
                                assertThat(t)
                                        .contains("Pre-generated records")
                                        .contains("Lake: events: Commit watch"));
        assertThat(LakeBench.lakeNdjson(lake.resolve("legacy"))).hasSize(3_000 - dropped(payloads));
        // The variant with the boundary right after the source: the writer chains with parsing.
        Run ownTask =
                LakeBench.pipeline(
                        "own-task",
                        3_000,
                        lake.resolve("own-task"),
                        Map.of(),
                        LakeBench.Source.LEGACY_OWN_TASK);
        assertThat(ownTask.tasks)
                .contains("Source: Pre-generated records")
                .anySatisfy(
                        t ->
                                assertThat(t)
                                        .startsWith("Unpack KPL aggregates")
                                        .contains("Parse and validate")
                                        .contains("Lake: events: Writer"));
        assertThat(LakeBench.lakeNdjson(lake.resolve("own-task")))
                .hasSize(3_000 - dropped(payloads));
        assertThat(LakeBench.samples(10))
                .usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(payloads.subList(0, 10));
    }

    @Test
    void stageCostsMeasureEveryStage() throws Exception {
        StageCosts costs = StageCosts.measure(2_000, 1);

        assertThat(costs.validateNanos).isPositive();
        assertThat(costs.transformNanos).isPositive();
        assertThat(costs.encodeNanos).isPositive();
        assertThat(costs.validateBytes).isPositive();
    }

    /** Records the pipeline drops (status TEST), as the harness configures it. */
    private static int dropped(List<byte[]> payloads) {
        int n = 0;
        for (byte[] p : payloads) {
            if (new String(p, java.nio.charset.StandardCharsets.UTF_8)
                    .contains("\"status\":\"TEST\"")) n++;
        }
        return n;
    }
}
