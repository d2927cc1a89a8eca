package dev.streamlake.job.bench;

import dev.streamlake.job.bench.LakeBench.Run;
import dev.streamlake.job.bench.LakeBench.Source;
import dev.streamlake.job.config.LakeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: two alternatives to what the job does, each alternated with it so both see the same
 * machine, for BENCHMARKS.md:
 *
 * <pre>
 * mvn -o -q -pl job -am test -Dtest=VariantsBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true
 *     [-Dbenchmark.records=300000] [-Dbenchmark.pairs=6]
 * </pre>
 *
 * 1. Where the task boundary goes behind the legacy source: before the writer (deployed) or right
 * after the source. 2. {@code lake.gzip-level} 6 (the default) against 1, in one chain.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class VariantsBenchmark {
    @Test
    void run() throws Exception {
        int n = Integer.getInteger("benchmark.records", 300_000);
        int pairs = Integer.getInteger("benchmark.pairs", 6);
        Path work = Files.createTempDirectory("lake-variants");
        LakeBench.pipeline("warm-up", n, work.resolve("warm-up"), Map.of(), Source.LEGACY);

        compare(
                "task boundary: before the writer (deployed) | after the source",
                n,
                pairs,
                work,
                Map.of(),
                Source.LEGACY,
                Map.of(),
                Source.LEGACY_OWN_TASK);
        compare(
                "lake.gzip-level: 6 (default) | 1, one chain",
                n,
                pairs,
                work,
                Map.of(),
                Source.FLIP27,
                Map.of(LakeOptions.GZIP_LEVEL.key(), "1"),
                Source.FLIP27);
    }

    private static void compare(
            String what,
            int n,
            int pairs,
            Path work,
            Map<String, String> aConf,
            Source aSource,
            Map<String, String> bConf,
            Source bSource)
            throws Exception {
        Run bestA = null;
        Run bestB = null;
        for (int i = 0; i < pairs; i++) {
            Run a =
                    LakeBench.pipeline(
                            "a", n, work.resolve(what.hashCode() + "-a-" + i), aConf, aSource);
            Run b =
                    LakeBench.pipeline(
                            "b", n, work.resolve(what.hashCode() + "-b-" + i), bConf, bSource);
            bestA =
                    bestA == null || a.recordsPerCpuSecond() > bestA.recordsPerCpuSecond()
                            ? a
                            : bestA;
            bestB =
                    bestB == null || b.recordsPerCpuSecond() > bestB.recordsPerCpuSecond()
                            ? b
                            : bestB;
        }
        System.out.printf(
                Locale.ROOT,
                "%s, best of %d pairs of %d records:%n"
                        + "| | records per CPU-s | records/s (wall) | bytes on disk |%n|---|---|---|---|%n"
                        + "| a | %.0f | %.0f | %d |%n| b | %.0f | %.0f | %d |%n",
                what,
                pairs,
                n,
                bestA.recordsPerCpuSecond(),
                bestA.recordsPerSecond(),
                bestA.outputBytes,
                bestB.recordsPerCpuSecond(),
                bestB.recordsPerSecond(),
                bestB.outputBytes);
    }
}
