package dev.streamlake.job.bench;

import static dev.streamlake.job.config.JobSettings.set;

import dev.streamlake.job.bench.LakeBench.Run;
import dev.streamlake.job.bench.LakeBench.Source;
import dev.streamlake.job.config.IcebergOptions;
import dev.streamlake.job.config.JobSettings;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.tools.local.FreePorts;
import dev.streamlake.tools.local.LocalPostgres;
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
 * Rounds interleave the bounds and the pipeline runs (JSON-GZIP, Parquet SNAPPY, Parquet ZSTD,
 * Iceberg (SNAPPY Parquet, JDBC catalog on a local PostgreSQL started here), all with a legacy
 * source as the Kinesis consumer is; then JSON-GZIP as one chain behind a FLIP-27 source) on the
 * same records; each figure is the best round, after a warm-up run.
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
        System.out.printf(
                Locale.ROOT,
                "records=%d input=%.1f MB load(before)=%s%n",
                n,
                inputBytes / 1e6,
                LakeBench.loadAverage());

        LakeBench.pipeline("warm-up", Math.min(n, 200_000), work.resolve("warm-up"), Map.of());
        String jfr =
                System.getProperty("benchmark.jfr"); // -Dbenchmark.jfr=FILE: profile one JSON run
        if (jfr != null) {
            try (jdk.jfr.Recording rec =
                    new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"))) {
                // A sample per millisecond of the task thread: the "profile" setting's 10 ms is too
                // coarse.
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
        Run oneChain = null;
        Run iceberg = null;
        LocalPostgres catalogDb =
                LocalPostgres.start(
                        FreePorts.loopback(), work.resolve("pg"), work.resolve("postgres.log"));
        Map<String, String> parquet =
                JobSettings.of(
                        set(LakeOptions.EVENTS_FORMAT, "parquet"),
                        set(LakeOptions.ERRORS_FORMAT, "parquet"));
        List<String> loads = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            LakeBench.Timing parse = LakeBench.jacksonParse(payloads);
            LakeBench.Timing gz = LakeBench.gzip(payloads, 6);
            bestParse = Math.min(bestParse, parse.wallNanos);
            bestGzip = Math.min(bestGzip, gz.wallNanos);
            bestParseCpu = Math.min(bestParseCpu, parse.cpuNanos);
            bestGzipCpu = Math.min(bestGzipCpu, gz.cpuNanos);
            // As deployed: a legacy source like the Kinesis consumer, the events writer in its own
            // task.
            Path jsonLake = work.resolve("json-" + round);
            json =
                    best(
                            json,
                            LakeBench.pipeline("json-gzip", n, jsonLake, Map.of(), Source.LEGACY));
            // The same compression over exactly what this run wrote (events and errors,
            // uncompressed).
            LakeBench.Timing lakeGz = LakeBench.gzip(LakeBench.lakeNdjson(jsonLake), 6);
            bestLakeGzip = Math.min(bestLakeGzip, lakeGz.wallNanos);
            bestLakeGzipCpu = Math.min(bestLakeGzipCpu, lakeGz.cpuNanos);
            snappy =
                    best(
                            snappy,
                            LakeBench.pipeline(
                                    "parquet-snappy",
                                    n,
                                    work.resolve("snappy-" + round),
                                    parquet,
                                    Source.LEGACY));
            Map<String, String> zstdConf = new java.util.HashMap<>(parquet);
            zstdConf.put(LakeOptions.PARQUET_COMPRESSION.key(), "ZSTD");
            zstd =
                    best(
                            zstd,
                            LakeBench.pipeline(
                                    "parquet-zstd",
                                    n,
                                    work.resolve("zstd-" + round),
                                    zstdConf,
                                    Source.LEGACY));
            Map<String, String> icebergConf =
                    JobSettings.of(
                            set(LakeOptions.EVENTS_FORMAT, "iceberg"),
                            set(LakeOptions.ERRORS_FORMAT, "iceberg"),
                            set(IcebergOptions.CATALOG, "JDBC"),
                            set(IcebergOptions.JDBC_URI, catalogDb.jdbcUri()),
                            set(
                                    IcebergOptions.DATABASE,
                                    "bench_" + round)); // new tables each round
            iceberg =
                    best(
                            iceberg,
                            LakeBench.pipeline(
                                    "iceberg",
                                    n,
                                    work.resolve("iceberg-" + round),
                                    icebergConf,
                                    Source.LEGACY));
            // With a FLIP-27 source the whole pipeline, writer included, is one chain on one
            // thread.
            oneChain =
                    best(
                            oneChain,
                            LakeBench.pipeline(
                                    "json-gzip, one chain",
                                    n,
                                    work.resolve("chain-" + round),
                                    Map.of(),
                                    Source.FLIP27));
            loads.add(LakeBench.loadAverage());
        }
        catalogDb.close();
        System.out.printf(Locale.ROOT, "load average (1 min) after each round: %s%n", loads);
        Bound tokenize = new Bound(n, inputBytes, bestParse, bestParseCpu);
        Bound gzipInput = new Bound(n, inputBytes, bestGzip, bestGzipCpu);
        Bound gzipLake = new Bound(n, json.outputJsonBytes, bestLakeGzip, bestLakeGzipCpu);
        System.out.printf(
                Locale.ROOT,
                "| bound | MB/s (wall) | records/s (wall) | MB per CPU-s | records per CPU-s |%n"
                        + "|---|---|---|---|---|%n");
        tokenize.print("Jackson tokenize (input)");
        gzipInput.print("GZIPOutputStream level 6, the input as NDJSON");
        gzipLake.print(
                String.format(
                        Locale.ROOT,
                        "GZIPOutputStream level 6, the lake's NDJSON (%.2f x the input)",
                        (double) json.outputJsonBytes / inputBytes));
        System.out.printf(
                Locale.ROOT,
                "| run | records/s | input MB/s | output MB/s | in/out | files | peak heap MB"
                        + " | records per CPU-s | of gzip bound: wall | CPU | of gzip over the lake's NDJSON: wall | CPU |%n"
                        + "|---|---|---|---|---|---|---|---|---|---|---|---|%n");
        for (Run r : List.of(json, snappy, zstd, iceberg, oneChain)) {
            boolean ndjson = r == json || r == oneChain;
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.0f | %.1f | %.2f | %.1f | %d | %d | %.0f | %s | %s | %s | %s |%n",
                    r.label,
                    r.recordsPerSecond(),
                    r.inputMBps(),
                    r.outputMBps(),
                    r.compressionRatio(),
                    r.files,
                    r.peakHeapBytes >> 20,
                    r.recordsPerCpuSecond(),
                    percent(r.recordsPerSecond(), gzipInput.recordsPerSecond()),
                    percent(r.recordsPerCpuSecond(), gzipInput.recordsPerCpuSecond()),
                    ndjson ? percent(r.recordsPerSecond(), gzipLake.recordsPerSecond()) : "–",
                    ndjson
                            ? percent(r.recordsPerCpuSecond(), gzipLake.recordsPerCpuSecond())
                            : "–");
        }
    }

    /** One single-threaded bound: n records of {@code bytes} in the best wall and CPU time. */
    private static final class Bound {
        final int records;
        final long bytes;
        final long wallNanos;
        final long cpuNanos;

        Bound(int records, long bytes, long wallNanos, long cpuNanos) {
            this.records = records;
            this.bytes = bytes;
            this.wallNanos = wallNanos;
            this.cpuNanos = cpuNanos;
        }

        double recordsPerSecond() {
            return records / (wallNanos / 1e9);
        }

        double recordsPerCpuSecond() {
            return records / (cpuNanos / 1e9);
        }

        void print(String label) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.1f | %.0f | %.1f | %.0f |%n",
                    label,
                    bytes / 1e6 / (wallNanos / 1e9),
                    recordsPerSecond(),
                    bytes / 1e6 / (cpuNanos / 1e9),
                    recordsPerCpuSecond());
        }
    }

    private static String percent(double part, double whole) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * part / whole);
    }

    private static Run best(Run a, Run b) {
        return a == null || b.nanos < a.nanos ? b : a;
    }
}
