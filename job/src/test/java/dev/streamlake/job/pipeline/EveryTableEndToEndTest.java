package dev.streamlake.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.HotspotsOptions;
import dev.streamlake.job.config.IcebergOptions;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.JobSettings;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.ScoringOptions;
import dev.streamlake.job.config.TransformOptions;
import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.job.sink.IcebergTables;
import dev.streamlake.tools.local.FreePorts;
import dev.streamlake.tools.local.LocalPostgres;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.record.RawRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real lake sinks ({@link KinesisLakeIo}'s, from {@code LakeSinks}) with everything on: scoring
 * and hotspots, so all four tables (events, errors, anomalies, hotspots) are written, as Parquet
 * files and as Iceberg tables; a bounded, rate-limited input on a local Flink cluster with
 * checkpoints every 300 ms, so rows are committed both by regular checkpoints and by the final
 * checkpoint after the end of input. Every row the job's counters say a table was given must be in
 * that table: a sink declared with the wrong schema (which failed every anomalies row once) or a
 * sink that loses the rows after the last checkpoint (Iceberg's, before {@code
 * EndOfInputAggregator}) fails here.
 *
 * <p>The Iceberg tables are in Iceberg's JDBC catalog on a real PostgreSQL (Debian's, started and
 * stopped here by PID on a free loopback port), as in production local runs; the row counts are the
 * committed snapshots' {@code total-records}, and the Parquet rows are counted from the visible
 * part files' footers.
 */
class EveryTableEndToEndTest {
    private static final int RECORDS = 600;
    private static final long BASE = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();

    @TempDir static Path work;
    static LocalPostgres postgres;

    @BeforeAll
    static void startCatalogDatabase() throws IOException {
        postgres =
                LocalPostgres.start(
                        FreePorts.loopback(), work.resolve("pg"), work.resolve("pg.log"));
    }

    @AfterAll
    static void stopCatalogDatabase() {
        if (postgres != null) {
            postgres.close();
            assertThat(postgres.isAlive()).as("PostgreSQL stopped").isFalse();
        }
    }

    @Test
    void everyRowOfEveryParquetTableArrives(@TempDir Path tmp) throws Exception {
        Path lake = tmp.resolve("lake");
        Map<String, Long> given = run(config(lake, "parquet", Map.of()), 0);
        for (String table : TABLES) {
            assertThat(parquetRows(lake.resolve(table))).as(table).isEqualTo(given.get(table));
        }
    }

    @Test
    void everyRowOfEveryIcebergTableArrivesAndIsCounted(@TempDir Path tmp) throws Exception {
        Path lake = tmp.resolve("lake");
        JobConfig cfg =
                config(
                        lake,
                        "iceberg",
                        Map.of(
                                IcebergOptions.CATALOG.key(), "JDBC",
                                IcebergOptions.JDBC_URI.key(), postgres.jdbcUri(),
                                IcebergOptions.DATABASE.key(), "every_table"));
        assertIcebergTablesHold(cfg, run(cfg, 0));
    }

    /**
     * {@code flink stop --drain} (stop with a savepoint, draining): the sources end, so the rows
     * after the last checkpoint are committed by the savepoint, as at the end of a bounded input.
     */
    @Test
    void stopWithDrainLeavesEveryRowInTheIcebergTables(@TempDir Path tmp) throws Exception {
        JobConfig cfg =
                config(
                        tmp.resolve("lake"),
                        "iceberg",
                        Map.of(
                                IcebergOptions.CATALOG.key(), "JDBC",
                                IcebergOptions.JDBC_URI.key(), postgres.jdbcUri(),
                                IcebergOptions.DATABASE.key(), "drained"));
        assertIcebergTablesHold(cfg, run(cfg, RECORDS / 2));
    }

    private static void assertIcebergTablesHold(JobConfig cfg, Map<String, Long> given) {
        Catalog catalog =
                IcebergTables.catalog(cfg.iceberg(), cfg.lakePath(), cfg.s3()).loadCatalog();
        for (String table : TABLES) {
            Table t = catalog.loadTable(TableIdentifier.of(cfg.iceberg().database(), table));
            Snapshot current = t.currentSnapshot();
            long rows =
                    current == null
                            ? 0
                            : Long.parseLong(current.summary().getOrDefault("total-records", "0"));
            assertThat(rows).as(table + ": rows committed").isEqualTo(given.get(table));
            long dataFiles = 0;
            for (Snapshot s : t.snapshots()) {
                dataFiles += Long.parseLong(s.summary().getOrDefault("added-data-files", "0"));
            }
            assertThat(given.get(table + " filesCommitted"))
                    .as(table + ": " + LakeMetrics.FILES_COMMITTED + " = data files committed")
                    .isEqualTo(dataFiles)
                    .isPositive();
        }
    }

    private static final List<String> TABLES =
            List.of(
                    LakeLayout.EVENTS,
                    LakeLayout.ERRORS,
                    LakeLayout.ANOMALIES,
                    LakeLayout.HOTSPOTS);

    /**
     * Runs the job to the end of its {@link #RECORDS} records or, if {@code drainAfter > 0}, on an
     * endless input until that many records were read, then stops it with {@code --drain}; returns,
     * for each table, the rows the job's counters say it was given, and its {@value
     * LakeMetrics#FILES_COMMITTED} (key {@code "<table> filesCommitted"}). Each table's {@value
     * LakeMetrics#DATA_FRESHNESS} must read 0 at the end: all committed.
     */
    private static Map<String, Long> run(JobConfig cfg, long drainAfter) throws Exception {
        InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
        Configuration conf = reporter.addToConfiguration(new Configuration());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        env.enableCheckpointing(300);
        LakePipeline.wire(env, new ReadingsIo(cfg, drainAfter > 0 ? Long.MAX_VALUE : RECORDS), cfg);
        if (drainAfter > 0) {
            JobClient job = env.executeAsync("every-table-drained");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            // Also a completed checkpoint: then every task runs (a savepoint while one still
            // initializes is refused), and some rows are committed before the drain.
            while (sum(metrics(reporter), LakeMetrics.RECORDS_IN) < drainAfter
                    || gauge(metrics(reporter), "numberOfCompletedCheckpoints") < 1) {
                assertThat(System.nanoTime()).as("records read in time").isLessThan(deadline);
                Thread.sleep(100);
            }
            job.stopWithSavepoint(
                            true,
                            work.resolve("savepoints").toUri().toString(),
                            SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } else {
            env.execute("every-table");
        }
        Map<String, List<Metric>> metrics = metrics(reporter);
        reporter.close();

        long in = sum(metrics, LakeMetrics.RECORDS_IN);
        if (drainAfter == 0) assertThat(in).as(LakeMetrics.RECORDS_IN).isEqualTo(RECORDS);
        for (String table : TABLES) {
            List<Object> freshness =
                    metrics.entrySet().stream()
                            .filter(
                                    e ->
                                            e.getKey()
                                                    .endsWith(
                                                            ".table."
                                                                    + table
                                                                    + "."
                                                                    + LakeMetrics.DATA_FRESHNESS))
                            .flatMap(e -> e.getValue().stream())
                            .map(g -> ((Gauge<?>) g).getValue())
                            .collect(Collectors.toList());
            assertThat(freshness)
                    .as(table + ": " + LakeMetrics.DATA_FRESHNESS + " at the end")
                    .hasSize(2)
                    .containsOnly(0L);
        }
        long ok = sum(metrics, LakeMetrics.RECORDS_OK);
        long dropped = sum(metrics, LakeMetrics.RECORDS_DROPPED);
        long anomalies = sum(metrics, LakeMetrics.ANOMALIES);
        long changes = sum(metrics, LakeMetrics.HOTSPOT_CHANGES);
        assertThat(dropped).as("dropped on purpose").isPositive();
        assertThat(anomalies).as("anomalies flagged").isPositive();
        assertThat(changes).as("hotspot changes").isPositive();
        Map<String, Long> given = new HashMap<>();
        given.put(LakeLayout.EVENTS, ok);
        // Every record not in events nor dropped is an error row.
        given.put(LakeLayout.ERRORS, in - ok - dropped);
        given.put(LakeLayout.ANOMALIES, anomalies - leftOut(metrics, LakeLayout.ANOMALIES));
        given.put(LakeLayout.HOTSPOTS, changes - leftOut(metrics, LakeLayout.HOTSPOTS));
        assertThat(given.get(LakeLayout.ERRORS)).as("error rows").isPositive();
        for (String table : TABLES) {
            given.put(
                    table + " filesCommitted",
                    sum(metrics, "table." + table + "." + LakeMetrics.FILES_COMMITTED));
        }
        return given;
    }

    /** By identifier, a list each: two operators of a task may have the same name. */
    private static Map<String, List<Metric>> metrics(InMemoryReporter reporter) {
        Map<String, List<Metric>> metrics = new HashMap<>();
        reporter.getMetricsByGroup()
                .forEach(
                        (group, byName) ->
                                byName.forEach(
                                        (name, metric) ->
                                                metrics.computeIfAbsent(
                                                                group.getMetricIdentifier(name),
                                                                k -> new ArrayList<>())
                                                        .add(metric)));
        return metrics;
    }

    /** The largest value of the numeric gauges whose identifier ends in {@code .name}. */
    private static long gauge(Map<String, List<Metric>> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + name))
                .flatMap(e -> e.getValue().stream())
                .mapToLong(m -> ((Number) ((Gauge<?>) m).getValue()).longValue())
                .max()
                .orElse(0);
    }

    private static long leftOut(Map<String, List<Metric>> metrics, String table) {
        return sum(metrics, "table." + table + "." + LakeMetrics.DERIVED_ROWS_LEFT_OUT);
    }

    /** The total over all subtasks of the counters whose identifier ends in {@code .name}. */
    private static long sum(Map<String, List<Metric>> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + LakeMetrics.GROUP + "." + name))
                .flatMap(e -> e.getValue().stream())
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }

    private static long parquetRows(Path table) throws IOException {
        if (!Files.isDirectory(table)) return 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(table)) {
            files =
                    walk.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .collect(Collectors.toList());
        }
        long rows = 0;
        for (Path f : files) {
            try (ParquetFileReader reader =
                    ParquetFileReader.open(
                            HadoopInputFile.fromPath(
                                    new org.apache.hadoop.fs.Path(f.toUri()),
                                    new org.apache.hadoop.conf.Configuration()))) {
                rows += reader.getRecordCount();
            }
        }
        return rows;
    }

    private static JobConfig config(Path lake, String format, Map<String, String> more) {
        Map<String, String> c = JobSettings.localLake(lake);
        c.put(TransformOptions.DROP_IF.key(), "status == 'TEST'");
        c.put(LakeOptions.EVENTS_FORMAT.key(), format);
        c.put(LakeOptions.ERRORS_FORMAT.key(), format);
        c.put(ScoringOptions.ENABLED.key(), "true");
        c.put(ScoringOptions.FEATURES.key(), "temperature;humidity");
        c.put(ScoringOptions.THRESHOLD.key(), "1.0");
        c.put(HotspotsOptions.ENABLED.key(), "true");
        c.put(HotspotsOptions.COLUMNS.key(), "temperature;humidity");
        c.put(HotspotsOptions.WINDOW_SIZE.key(), "100");
        c.put(HotspotsOptions.SCAN_RADIUS.key(), "1.0");
        c.putAll(more);
        return JobConfig.fromMap(c);
    }

    /** The production sinks, {@code count} readings at 300/s. */
    private static final class ReadingsIo extends KinesisLakeIo {
        private final long count;

        ReadingsIo(JobConfig cfg, long count) {
            super(cfg);
            this.count = count;
        }

        @Override
        public DataStream<RawRecord> records(StreamExecutionEnvironment env) {
            return env.fromSource(
                            new DataGeneratorSource<>(
                                    new Readings(),
                                    count,
                                    RateLimiterStrategy.perSecond(300),
                                    TypeInformation.of(RawRecord.class)),
                            WatermarkStrategy.noWatermarks(),
                            "Readings")
                    .uid("readings");
        }
    }

    /**
     * Reading i: four devices, a reading a second; every 50th a temperature spike (anomalies),
     * every 40th not JSON (an error row), every 60th status TEST (dropped on purpose).
     */
    static final class Readings implements GeneratorFunction<Long, RawRecord> {
        @Override
        public RawRecord map(Long n) {
            int i = n.intValue();
            String payload;
            if (i % 40 == 39) {
                payload = "{not json " + i;
            } else {
                double temperature = i % 50 == 49 ? 95.0 : 20.0 + (i % 7) * 0.1;
                payload =
                        "{\"reading_id\":\"r-"
                                + i
                                + "\",\"device_id\":\"dev-"
                                + (i % 4)
                                + "\",\"ts\":\""
                                + Instant.ofEpochMilli(BASE + i * 1000L)
                                + "\",\"temperature\":"
                                + temperature
                                + ",\"humidity\":"
                                + (40 + i % 5)
                                + ",\"status\":\""
                                + (i % 60 == 59 ? "TEST" : "OK")
                                + "\"}";
            }
            return new RawRecord(
                    payload.getBytes(StandardCharsets.UTF_8),
                    "sensor-readings",
                    "shardId-000000000000",
                    String.valueOf(i),
                    "dev-" + (i % 4),
                    BASE + i * 1000L + 500);
        }
    }
}
