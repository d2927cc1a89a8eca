package dev.streamlake.job.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.bench.LakeBench.Run;
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
        Run parquet = LakeBench.pipeline("parquet", 3_000, lake.resolve("parquet"),
                Map.of("lake.events.format", "parquet"));

        for (Run r : List.of(json, parquet)) {
            assertThat(r.inputBytes).isEqualTo(LakeBench.bytes(payloads));
            assertThat(r.nanos).isPositive();
            assertThat(r.files).isPositive();
            assertThat(r.outputBytes).isPositive().isLessThan(r.inputBytes);
            assertThat(r.peakHeapBytes).isPositive();
            assertThat(r.taskCpuNanos).isPositive();
            // Records go from the source to the events writer in one chain: no serialization.
            assertThat(r.tasks).anySatisfy(t -> assertThat(t)
                    .contains("Pre-generated records").contains("Parse and validate").contains("Lake: events: Writer"));
        }
        assertThat(LakeBench.samples(10)).usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(payloads.subList(0, 10));
    }
}
