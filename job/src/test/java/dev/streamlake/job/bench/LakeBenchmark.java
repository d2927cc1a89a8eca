package dev.streamlake.job.bench;

import dev.streamlake.job.bench.LakeBench.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: figures for BENCHMARKS.md, run on demand:
 *
 * <pre>
 * mvn -o -q -pl job -am test -Dtest=LakeBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true
 *     [-Dbenchmark.records=1000000] [-Dbenchmark.rounds=3] [-Dbenchmark.jfr=/tmp/lake.jfr]
 * </pre>
 *
 * Rounds interleave the bounds and the pipeline runs (JSON-GZIP, Parquet SNAPPY, Parquet ZSTD)
 * on the same records; each figure is the best round, after a warm-up run.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class LakeBenchmark {
    static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);

    @Test
    void run() throws Exception {
        int n = Integer.getInteger("benchmark.records", 1_000_000);
        List<byte[]> payloads = LakeBench.samples(n);
        long inputBytes = LakeBench.bytes(payloads);
        Path work = Files.createTempDirectory("lake-bench");
        System.out.printf(Locale.ROOT, "records=%d input=%.1f MB load(before)=%s%n", n, inputBytes / 1e6, LakeBench.loadAverage());

        LakeBench.pipeline("warm-up", Math.min(n, 200_000), work.resolve("warm-up"), Map.of());
        String jfr = System.getProperty("benchmark.jfr"); // -Dbenchmark.jfr=FILE: profile one JSON run
        if (jfr != null) {
            try (jdk.jfr.Recording rec = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"))) {
                // A sample per millisecond of the task thread: the "profile" setting's 10 ms is too coarse.
                rec.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
                rec.start();
                LakeBench.pipeline("profiled", n, work.resolve("profiled"), Map.of());
                rec.stop();
                rec.dump(Path.of(jfr));
            }
        }
        long bestParse = Long.MAX_VALUE;
        long bestGzip = Long.MAX_VALUE;
        long bestParseCpu = Long.MAX_VALUE;
        long bestGzipCpu = Long.MAX_VALUE;
        long bestLakeGzip = Long.MAX_VALUE;
        long bestLakeGzipCpu = Long.MAX_VALUE;
        Run json = null;
        Run snappy = null;
        Run zstd = null;
        List<String> loads = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            LakeBench.Timing parse = LakeBench.jacksonParse(payloads);
            LakeBench.Timing gz = LakeBench.gzip(payloads, 6);
            bestParse = Math.min(bestParse, parse.wallNanos);
            bestGzip = Math.min(bestGzip, gz.wallNanos);
            bestParseCpu = Math.min(bestParseCpu, parse.cpuNanos);
            bestGzipCpu = Math.min(bestGzipCpu, gz.cpuNanos);
            Run jsonRun = LakeBench.pipeline("json-gzip", n, work.resolve("json-" + round), Map.of());
            json = best(json, jsonRun);
            // The same compression over exactly what this run wrote (events and errors, uncompressed).
            List<byte[]> lake = LakeBench.lakeNdjson(work.resolve("json-" + round));
            LakeBench.Timing lakeGz = LakeBench.gzip(lake, 6);
            lake = null;
            bestLakeGzip = Math.min(bestLakeGzip, lakeGz.wallNanos);
            bestLakeGzipCpu = Math.min(bestLakeGzipCpu, lakeGz.cpuNanos);
            snappy = best(snappy, LakeBench.pipeline("parquet-snappy", n, work.resolve("snappy-" + round),
                    Map.of("lake.events.format", "parquet", "lake.errors.format", "parquet")));
            zstd = best(zstd, LakeBench.pipeline("parquet-zstd", n, work.resolve("zstd-" + round),
                    Map.of("lake.events.format", "parquet", "lake.errors.format", "parquet",
                            "lake.parquet.compression", "ZSTD")));
            loads.add(LakeBench.loadAverage());
        }
        double parseMBps = inputBytes / 1e6 / (bestParse / 1e9);
        double gzipMBps = inputBytes / 1e6 / (bestGzip / 1e9);
        System.out.printf(Locale.ROOT, "load average (1 min) after each round: %s%n", loads);
        double gzipCpuMBps = inputBytes / 1e6 / (bestGzipCpu / 1e9);
        System.out.printf(Locale.ROOT, "| bound | MB/s (wall) | records/s (wall) | MB per CPU-s | records per CPU-s |%n"
                + "|---|---|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| Jackson tokenize (input) | %.1f | %.0f | %.1f | %.0f |%n", parseMBps,
                n / (bestParse / 1e9), inputBytes / 1e6 / (bestParseCpu / 1e9), n / (bestParseCpu / 1e9));
        System.out.printf(Locale.ROOT, "| GZIPOutputStream level 6, input as NDJSON | %.1f | %.0f | %.1f | %.0f |%n",
                gzipMBps, n / (bestGzip / 1e9), gzipCpuMBps, n / (bestGzipCpu / 1e9));
        System.out.printf(Locale.ROOT, "| GZIPOutputStream level 6, the lake's NDJSON (%.1f MB, %.2f x the input) | %.1f | %.0f | %.1f | %.0f |%n",
                json.outputJsonBytes / 1e6, (double) json.outputJsonBytes / inputBytes,
                json.outputJsonBytes / 1e6 / (bestLakeGzip / 1e9), n / (bestLakeGzip / 1e9),
                json.outputJsonBytes / 1e6 / (bestLakeGzipCpu / 1e9), n / (bestLakeGzipCpu / 1e9));
        System.out.printf(Locale.ROOT, "| run | records/s | input MB/s | output MB/s | ratio in/out | files | peak heap MB"
                + " | records per CPU-s | input MB per CPU-s | of gzip bound, input (CPU) | of gzip bound, lake NDJSON (CPU) |%n"
                + "|---|---|---|---|---|---|---|---|---|---|---|%n");
        for (Run r : List.of(json, snappy, zstd)) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.2f | %.1f | %d | %d | %.0f | %.1f | %.0f %% | %s |%n",
                    r.label, r.recordsPerSecond(), r.inputMBps(), r.outputMBps(), r.compressionRatio(),
                    r.files, r.peakHeapBytes >> 20, r.recordsPerCpuSecond(), r.inputMBperCpuSecond(),
                    100 * r.inputMBperCpuSecond() / gzipCpuMBps,
                    r == json ? String.format(Locale.ROOT, "%.0f %%", 100 * r.recordsPerCpuSecond() / (n / (bestLakeGzipCpu / 1e9))) : "–");
        }
    }

    private static Run best(Run a, Run b) {
        return a == null || b.nanos < a.nanos ? b : a;
    }
}
