package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.e2e.support.IcebergLake;
import dev.streamlake.e2e.support.LakeFiles;
import dev.streamlake.e2e.support.Listening;
import dev.streamlake.e2e.support.MiniClusterJob;
import dev.streamlake.e2e.support.StreamContents;
import dev.streamlake.e2e.support.TestCluster;
import dev.streamlake.e2e.support.TrinoDdl;
import dev.streamlake.e2e.support.TrinoServer;
import dev.streamlake.job.config.HotspotsOptions;
import dev.streamlake.job.config.IcebergOptions;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.ScoringOptions;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.config.TransformOptions;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.job.sink.IcebergTables;
import dev.streamlake.tools.ddl.AthenaDdl;
import dev.streamlake.tools.local.FreePorts;
import dev.streamlake.tools.local.KinesisLocal;
import dev.streamlake.tools.local.LocalPostgres;
import dev.streamlake.tools.local.LocalRun;
import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.tools.producer.KinesisProducer;
import dev.streamlake.tools.producer.PartitionKeys;
import dev.streamlake.tools.producer.SampleGenerator;
import dev.streamlake.tools.producer.SampleGenerator.Kind;
import dev.streamlake.tools.producer.SampleGenerator.Sample;
import dev.streamlake.tools.query.LocalSql;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.schema.TableSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The shipped Athena DDL and example queries, on a real engine over a lake the job wrote.
 *
 * <p>kinesis-local, the producer and the job on a MiniCluster write a lake; Trino 476 (what Athena
 * v3 derives from) gets the checked-in DDL of sql/athena-ddl, mapped mechanically to its Hive
 * connector form ({@link TrinoDdl}), and runs every query of sql/athena-ddl/queries as it is; each
 * result must equal what follows from the records the producer sent. Then the query command's
 * DuckDB runs the same files and must return the same rows (approximate percentiles within their
 * bounds). One Trino for the class.
 */
class AthenaQueriesIT {
    private static final Path ROOT =
            Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
    private static final Path DDL_DIR = ROOT.resolve("sql/athena-ddl");
    private static final Path QUERIES = DDL_DIR.resolve("queries");
    private static final long HOUR = 3_600_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Kind, ErrorType> FAILED =
            Map.of(
                    Kind.MALFORMED_JSON,
                    ErrorType.MALFORMED_JSON,
                    Kind.WRONG_TYPE,
                    ErrorType.WRONG_TYPE,
                    Kind.MISSING_FIELD,
                    ErrorType.MISSING_FIELD,
                    Kind.INVALID_UTF8,
                    ErrorType.INVALID_UTF8);

    @RegisterExtension static final MiniClusterExtension FLINK = TestCluster.extension();

    /** Kept when a test fails: the lake, the logs and Trino's folders explain a wrong answer. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    static Path root;
    static Path lake;

    /** The same records written as Parquet (lake.events.format / lake.errors.format = parquet). */
    static Path parquetLake;

    /**
     * What the producer sent and the lake must hold: valid readings, and error types with counts.
     */
    static final List<Reading> readings = new ArrayList<>();

    static final Map<String, Integer> errorCounts = new TreeMap<>();
    static long sendStart;
    static long sendEnd;
    static TrinoServer trino;

    /** The JDBC catalog's database of the Iceberg lake (same records, lake.*.format=iceberg). */
    static LocalPostgres postgres;

    static Path icebergLake;

    /** Trino's catalog of the Iceberg lake. */
    static final String ICEBERG_CATALOG = "iceberg";

    static AthenaDdl ddl;
    static final Map<String, Long> timings = new LinkedHashMap<>();

    /** One written reading, as the producer sent it. */
    record Reading(
            String readingId,
            String deviceId,
            long eventTime,
            double temperature,
            double humidity,
            int batteryMv,
            String status,
            String site,
            String firmware) {
        String dt() {
            return LakeLayout.partitionOf(eventTime).substring("dt=".length());
        }

        LocalDateTime eventTimeUtc() {
            return LocalDateTime.ofInstant(Instant.ofEpochMilli(eventTime), ZoneOffset.UTC);
        }
    }

    @BeforeAll
    static void writeTheLakeAndStartTrino() throws Exception {
        root = work.resolve("root");
        lake = root.resolve("lake");
        parquetLake = root.resolve("lake_parquet");
        icebergLake = root.resolve("lake_iceberg");
        postgres =
                LocalPostgres.start(
                        FreePorts.loopback(), work.resolve("pg"), work.resolve("postgres.log"));
        ddl =
                new AthenaDdl(
                        TableSchema.load(ROOT.resolve("conf/schemas/sensor-readings.json")),
                        "conf/schemas/sensor-readings.json");
        long t0 = System.nanoTime();
        writeLake();
        timings.put("pipeline", System.nanoTime() - t0);
        long t1 = System.nanoTime();
        trino =
                TrinoServer.start(
                        root,
                        work,
                        Map.of(
                                ICEBERG_CATALOG,
                                TrinoServer.icebergJdbcCatalog(
                                        postgres.jdbcUri(), LocalPostgres.USER, "streamlake")));
        try (Connection c = trino.connect("default");
                Statement s = c.createStatement()) {
            TrinoDdl mapping = new TrinoDdl(AthenaDdl.DEFAULT_LOCATION, "local:///lake");
            for (String file :
                    List.of(
                            "create-database.sql",
                            "projection/events.sql",
                            "projection/errors.sql",
                            "projection/anomalies.sql",
                            "projection/hotspots.sql")) {
                for (String statement : mapping.map(Files.readString(DDL_DIR.resolve(file))))
                    s.execute(statement);
            }
        }
        try (Connection c = trino.connect("default");
                Statement s = c.createStatement()) {
            TrinoDdl mapping =
                    new TrinoDdl(AthenaDdl.DEFAULT_LOCATION, "local:///lake_parquet")
                            .inSchema("streamlake_parquet");
            for (String file :
                    List.of("create-database.sql", "parquet/events.sql", "parquet/errors.sql")) {
                for (String statement : mapping.map(Files.readString(DDL_DIR.resolve(file))))
                    s.execute(statement);
            }
        }
        trino.awaitQueryable("streamlake", "SELECT count(*) FROM events", Duration.ofMinutes(1));
        Listening.assertLoopbackOnly(trino.pid(), "Trino");
        timings.put("trino start (incl. first unpack)", System.nanoTime() - t1);
    }

    @AfterAll
    static void stopTrino() {
        if (trino != null) {
            trino.close();
            assertThat(trino.isAlive()).as("Trino stopped").isFalse();
        }
        if (postgres != null) {
            postgres.close();
            assertThat(postgres.isAlive()).as("PostgreSQL stopped").isFalse();
        }
        timings.forEach(
                (what, nanos) ->
                        System.out.printf(
                                "AthenaQueriesIT timing: %s %.1f s%n", what, nanos / 1e9));
    }

    // ---------------------------------------------------------------------------------------

    @Test
    void everyExampleQueryReturnsOnTrinoWhatTheProducerSent() throws Exception {
        Map<String, Function<List<List<Object>>, Void>> checks = new TreeMap<>();
        checks.put("records_per_hour.sql", this::checkRecordsPerHour);
        checks.put("latest_reading_per_device.sql", this::checkLatestPerDevice);
        checks.put("p99_temperature_per_device_hour.sql", this::checkP99);
        checks.put("errors_by_type_per_hour.sql", this::checkErrors);
        checks.put("device_readings_last_6_hours.sql", this::checkDeviceRange);
        checks.put("readings_by_site_and_firmware.sql", this::checkSitesAndFirmware);
        assertThat(queryFiles())
                .as("every example query has its expected result here")
                .isEqualTo(checks.keySet());
        long t = System.nanoTime();
        for (String file : checks.keySet()) {
            List<List<Object>> rows =
                    onTrino("streamlake", Files.readString(QUERIES.resolve(file)));
            try {
                checks.get(file).apply(rows);
            } catch (AssertionError e) {
                throw new AssertionError(file + ": " + e.getMessage(), e);
            }
        }
        timings.put("trino: all example queries", System.nanoTime() - t);
    }

    /**
     * Hotspots in the lake: the sent readings include the sample generator's planted dense region
     * (38 °C, 85 %), so the global window of 200 (radius 1.0, 20 points) must report it in the
     * hotspots table (generated DDL, queried on Trino) as appearing with bounds around it, and at
     * least once as moving while the readings keep arriving; no hotspot elsewhere.
     */
    @Test
    void thePlantedHotspotIsInTheHotspotsTableOnTrino() throws Exception {
        long planted =
                readings.stream()
                        .filter(
                                r ->
                                        Math.abs(r.temperature() - 38) < 1
                                                && Math.abs(r.humidity() - 85) < 1)
                        .count();
        assertThat(planted).as("planted readings sent").isGreaterThan(100);
        List<List<Object>> rows =
                onTrino(
                        "streamlake",
                        "SELECT change_type, count(*), min(CAST(json_extract_scalar(min_values, '$[0]') AS double)),"
                                + " max(CAST(json_extract_scalar(max_values, '$[0]') AS double)),"
                                + " min(CAST(json_extract_scalar(min_values, '$[1]') AS double)),"
                                + " max(CAST(json_extract_scalar(max_values, '$[1]') AS double)), max(points), min(density)"
                                + " FROM hotspots WHERE hotspot_columns = 'temperature;humidity' GROUP BY change_type ORDER BY change_type");
        Map<String, List<Object>> byType = new TreeMap<>();
        for (List<Object> row : rows) byType.put((String) row.get(0), row);
        assertThat(byType).containsKeys("APPEARED", "MOVED");
        for (List<Object> row : rows) {
            assertThat(((Number) row.get(2)).doubleValue())
                    .as(row.toString())
                    .isBetween(36.0, 38.5);
            assertThat(((Number) row.get(3)).doubleValue())
                    .as(row.toString())
                    .isBetween(37.5, 40.0);
            assertThat(((Number) row.get(4)).doubleValue())
                    .as(row.toString())
                    .isBetween(84.0, 85.0);
            assertThat(((Number) row.get(5)).doubleValue())
                    .as(row.toString())
                    .isBetween(85.0, 86.0);
            assertThat(((Number) row.get(6)).intValue()).as(row.toString()).isBetween(20, 200);
            assertThat(((Number) row.get(7)).doubleValue()).as(row.toString()).isPositive();
        }
    }

    @Test
    void duckDbReturnsTheSameRowsAsTrino() throws Exception {
        long t = System.nanoTime();
        try (LocalSql duck = LocalSql.open(lake, ddl)) {
            for (String file : queryFiles()) {
                String sql = Files.readString(QUERIES.resolve(file));
                List<List<Object>> expected = onTrino("streamlake", sql);
                LocalSql.Result actual = duck.query(sql);
                assertThat(actual.rows).as(file + ": row count").hasSameSizeAs(expected);
                for (int r = 0; r < expected.size(); r++) {
                    for (int c = 0; c < expected.get(r).size(); c++) {
                        Object want = expected.get(r).get(c);
                        Object got = actual.rows.get(r).get(c);
                        String where = file + " row " + r + " column " + actual.columns.get(c);
                        if (actual.columns.get(c).startsWith("p99")) {
                            // Approximate percentiles: each engine's estimate lies between the two
                            // largest values of its group (the exact p99 does too).
                            List<Object> row = actual.rows.get(r);
                            double[] bounds = p99Bounds((String) row.get(0), (String) row.get(1));
                            assertThat(((Number) got).doubleValue())
                                    .as(where)
                                    .isBetween(bounds[0] - 1e-9, bounds[1] + 1e-9);
                        } else if (want instanceof Number && got instanceof Number) {
                            assertThat(((Number) got).doubleValue())
                                    .as(where)
                                    .isEqualTo(((Number) want).doubleValue());
                        } else {
                            assertThat(got).as(where).isEqualTo(want);
                        }
                    }
                }
            }
        }
        timings.put("duckdb: all example queries", System.nanoTime() - t);
    }

    @Test
    void everyExampleQueryReturnsTheSameOverTheParquetLake() throws Exception {
        for (String file : queryFiles()) {
            if (file.startsWith("errors_")) continue; // same below, for the errors table
            String sql = Files.readString(QUERIES.resolve(file));
            List<List<Object>> json = onTrino("streamlake", sql);
            List<List<Object>> parquet = onTrino("streamlake_parquet", sql);
            assertThat(parquet).as(file + ": row count").hasSameSizeAs(json);
            assertThat(json).as(file + ": has rows").isNotEmpty();
            for (int r = 0; r < json.size(); r++) {
                for (int c = 0; c < json.get(r).size(); c++) {
                    Object want = json.get(r).get(c);
                    Object got = parquet.get(r).get(c);
                    if (file.startsWith("p99") && c == 2) {
                        // An approximate percentile: between the group's two largest values.
                        double[] bounds =
                                p99Bounds((String) json.get(r).get(0), (String) json.get(r).get(1));
                        assertThat(((Number) got).doubleValue())
                                .as(file)
                                .isBetween(bounds[0] - 1e-9, bounds[1] + 1e-9);
                    } else {
                        assertThat(got).as(file + " row " + r + " column " + c).isEqualTo(want);
                    }
                }
            }
        }
        String errors = Files.readString(QUERIES.resolve("errors_by_type_per_hour.sql"));
        assertThat(onTrino("streamlake_parquet", errors))
                .isEqualTo(onTrino("streamlake", errors))
                .isNotEmpty();
    }

    /**
     * The Iceberg tables (the same records, written by the job with {@code lake.*.format=iceberg}
     * into Iceberg's JDBC catalog) through Trino's Iceberg connector: every column of every row as
     * over the JSON lake, and every example query with the same result. Iceberg's partitioning is
     * hidden, so a query's {@code dt} is the hour of the table's time column there ({@link
     * #overIceberg}).
     */
    @Test
    void theIcebergTablesHoldTheSameRowsAndAnswerEveryExampleQueryAlike() throws Exception {
        String columns =
                TableSchema.load(ROOT.resolve("conf/schemas/sensor-readings.json"))
                        .columns()
                        .stream()
                        .map(c -> c.name())
                        .collect(Collectors.joining(", "));
        // A reading can be sent twice (the generator's duplicates): its Kinesis sequence number
        // tells them apart.
        String events = "SELECT " + columns + " FROM events ORDER BY reading_id, sequence_number";
        assertThat(onTrino(ICEBERG_CATALOG, "streamlake", events))
                .as("every events row, column by column")
                .isEqualTo(onTrino("streamlake", events))
                .hasSize(readings.size());
        String errors =
                "SELECT error_type, error_message, payload, payload_encoding, stream, shard_id,"
                        + " sequence_number, partition_key, arrival_time FROM errors ORDER BY sequence_number, payload";
        assertThat(onTrino(ICEBERG_CATALOG, "streamlake", errors))
                .as("every errors row")
                .isEqualTo(onTrino("streamlake", errors))
                .isNotEmpty();
        for (String file : queryFiles()) {
            String sql = Files.readString(QUERIES.resolve(file));
            List<List<Object>> json = onTrino("streamlake", sql);
            List<List<Object>> iceberg = onTrino(ICEBERG_CATALOG, "streamlake", overIceberg(sql));
            assertThat(json).as(file + ": has rows").isNotEmpty();
            if (file.startsWith("p99")) {
                // An approximate percentile: the groups agree, the value within the group's two
                // largest.
                assertThat(iceberg).as(file).hasSameSizeAs(json);
                for (int r = 0; r < json.size(); r++) {
                    assertThat(iceberg.get(r).subList(0, 2))
                            .as(file)
                            .isEqualTo(json.get(r).subList(0, 2));
                    double[] bounds =
                            p99Bounds((String) json.get(r).get(0), (String) json.get(r).get(1));
                    assertThat(((Number) iceberg.get(r).get(2)).doubleValue())
                            .as(file)
                            .isBetween(bounds[0] - 1e-9, bounds[1] + 1e-9);
                }
            } else {
                assertThat(iceberg).as(file).isEqualTo(json);
            }
        }
    }

    /**
     * A query over the JSON lake's tables for the Iceberg ones: {@code dt} computed from the hidden
     * partition's column.
     */
    static String overIceberg(String sql) {
        return sql.replaceAll(
                        "\\bFROM events\\b",
                        "FROM (SELECT *, date_format(event_time, '%Y-%m-%d-%H') AS dt FROM events) events")
                .replaceAll(
                        "\\bFROM errors\\b",
                        "FROM (SELECT *, date_format(arrival_time, '%Y-%m-%d-%H') AS dt FROM errors) errors");
    }

    @Test
    void thePlainVariantWithAddPartitionAndMsckRepairSeesTheSameLake() throws Exception {
        TrinoDdl mapping =
                new TrinoDdl(AthenaDdl.DEFAULT_LOCATION, "local:///lake")
                        .inSchema("streamlake_plain");
        String partitions = Files.readString(DDL_DIR.resolve("plain/partitions.sql"));
        try (Connection c = trino.connect("default");
                Statement s = c.createStatement()) {
            for (String file :
                    List.of(
                            "create-database.sql",
                            "plain/events.sql",
                            "plain/errors.sql",
                            "plain/anomalies.sql",
                            "plain/hotspots.sql")) {
                for (String statement : mapping.map(Files.readString(DDL_DIR.resolve(file))))
                    s.execute(statement);
            }
            for (String statement : mapping.map(partitions)) {
                if (statement.contains("register_partition")) {
                    // The example hour's folder may not exist in this lake; Trino wants it to.
                    String location =
                            statement.substring(
                                    statement.lastIndexOf("'local:///") + "'local:///".length(),
                                    statement.lastIndexOf('\''));
                    Files.createDirectories(root.resolve(location));
                }
                s.execute(statement);
            }
        }
        for (String file : List.of("records_per_hour.sql", "errors_by_type_per_hour.sql")) {
            String sql = Files.readString(QUERIES.resolve(file));
            assertThat(onTrino("streamlake_plain", sql))
                    .as(file)
                    .isEqualTo(onTrino("streamlake", sql));
        }
    }

    /**
     * The checked-in DDL declares the score columns: the scores the job wrote are what Trino reads,
     * from the JSON and the Parquet lake, and the anomalies table's explanations parse as KDA's
     * JSON.
     */
    @Test
    void scoresAreQueryableOnTheEventsTable() throws Exception {
        Map<String, Double> written = new TreeMap<>();
        for (LakeFiles.LakeRow r : LakeFiles.read(lake, LakeLayout.EVENTS)) {
            assertThat(r.row().path("anomaly_score").isNumber()).as("scored: " + r.row()).isTrue();
            written.put(r.text("reading_id"), r.row().path("anomaly_score").asDouble());
        }
        long overOne = written.values().stream().filter(v -> v > 1).count();
        assertThat(overOne)
                .as("some, not all, events score over 1")
                .isPositive()
                .isLessThan(written.size());
        String count = "SELECT count(*) FROM events WHERE anomaly_score > 1";
        assertThat(onTrino("streamlake", count)).isEqualTo(List.of(List.of(overOne)));
        assertThat(onTrino("streamlake_parquet", count)).isEqualTo(List.of(List.of(overOne)));
        String scores =
                "SELECT reading_id, anomaly_score FROM events WHERE anomaly_score > 1 ORDER BY reading_id";
        List<List<Object>> expected =
                written.entrySet().stream()
                        .filter(e -> e.getValue() > 1)
                        .map(e -> List.<Object>of(e.getKey(), e.getValue()))
                        .collect(Collectors.toList());
        assertThat(onTrino("streamlake", scores)).isEqualTo(expected);
        assertThat(onTrino("streamlake_parquet", scores)).isEqualTo(expected);

        long anomalies = LakeFiles.read(lake, LakeLayout.ANOMALIES).size();
        assertThat(anomalies)
                .isEqualTo(written.values().stream().filter(v -> v >= 2.0).count())
                .isPositive();
        assertThat(
                        onTrino(
                                "streamlake",
                                "SELECT count(*) FROM anomalies"
                                        + " WHERE json_extract_scalar(anomaly_explanation, '$.temperature.DIRECTION') IN ('HIGH', 'LOW')"
                                        + " AND CAST(json_extract_scalar(anomaly_explanation, '$.humidity.ATTRIBUTION_SCORE') AS double) >= 0"))
                .isEqualTo(List.of(List.of(anomalies)));
    }

    // ---------------------------------------------------------------------------------------
    // Expected results, from what the producer sent

    private Void checkRecordsPerHour(List<List<Object>> rows) {
        Map<String, Long> perHour = new TreeMap<>();
        readings.forEach(r -> perHour.merge(r.dt(), 1L, Long::sum));
        assertThat(rows)
                .as(
                        "Trino's rows per hour; the lake's part files hold per hour %s (Trino"
                                + " differing from them: the query side), rows per reading id"
                                + " beyond the sent count: %s",
                        lakeRowsPerHour(), lakeCopiesBeyondSent())
                .isEqualTo(
                        perHour.entrySet().stream()
                                .map(e -> List.<Object>of(e.getKey(), e.getValue()))
                                .collect(Collectors.toList()));
        return null;
    }

    private Void checkLatestPerDevice(List<List<Object>> rows) {
        Map<String, Reading> latest = new TreeMap<>();
        Comparator<Reading> order =
                Comparator.comparingLong(Reading::eventTime).thenComparing(Reading::readingId);
        readings.forEach(
                r -> latest.merge(r.deviceId(), r, (a, b) -> order.compare(a, b) >= 0 ? a : b));
        assertThat(rows)
                .isEqualTo(
                        latest.values().stream()
                                .map(
                                        r ->
                                                List.<Object>of(
                                                        r.deviceId(),
                                                        r.eventTimeUtc(),
                                                        r.readingId(),
                                                        r.temperature(),
                                                        r.humidity(),
                                                        r.batteryMv()))
                                .collect(Collectors.toList()));
        return null;
    }

    private Void checkP99(List<List<Object>> rows) {
        assertThat(
                        rows.stream()
                                .map(r -> List.of(r.get(0), r.get(1), r.get(3)))
                                .collect(Collectors.toList()))
                .isEqualTo(groupedByTwoKeys(r -> List.of(r.deviceId(), r.dt()), List.of()));
        for (List<Object> row : rows) {
            double[] bounds = p99Bounds((String) row.get(0), (String) row.get(1));
            assertThat(((Number) row.get(2)).doubleValue())
                    .as("p99 of " + row.subList(0, 2))
                    .isBetween(bounds[0] - 1e-9, bounds[1] + 1e-9);
        }
        return null;
    }

    private Void checkErrors(List<List<Object>> rows) {
        Map<String, Long> perType = new TreeMap<>();
        Set<String> hours = new TreeSet<>();
        for (List<Object> row : rows) {
            perType.merge((String) row.get(1), (Long) row.get(2), Long::sum);
            hours.add((String) row.get(0));
        }
        Map<String, Long> expected = new TreeMap<>();
        errorCounts.forEach((type, n) -> expected.put(type, (long) n));
        assertThat(perType).isEqualTo(expected);
        // Errors go by arrival hour: the hours during which the producer sent.
        Set<String> sendHours = new TreeSet<>();
        for (long t = sendStart - sendStart % HOUR; t <= sendEnd; t += HOUR) {
            sendHours.add(LakeLayout.partitionOf(t).substring(3));
        }
        assertThat(sendHours).containsAll(hours);
        return null;
    }

    private Void checkDeviceRange(List<List<Object>> rows) {
        assertThat(rows)
                .isEqualTo(
                        readings.stream()
                                .filter(r -> r.deviceId().equals("dev-0007"))
                                .sorted(
                                        Comparator.comparingLong(Reading::eventTime)
                                                .thenComparing(Reading::readingId))
                                .map(
                                        r ->
                                                List.<Object>of(
                                                        r.eventTimeUtc(),
                                                        r.readingId(),
                                                        r.temperature(),
                                                        r.humidity(),
                                                        r.status()))
                                .collect(Collectors.toList()));
        assertThat(rows).hasSizeGreaterThan(5);
        return null;
    }

    /**
     * The rows a GROUP BY of two columns returns over the written readings, in the keys' order: the
     * two keys, the group's row count, then each of {@code more} of the group's readings.
     */
    private static List<List<Object>> groupedByTwoKeys(
            Function<Reading, List<String>> keys, List<Function<List<Reading>, Object>> more) {
        Map<List<String>, List<Reading>> groups =
                new TreeMap<>(
                        Comparator.comparing((List<String> k) -> k.get(0))
                                .thenComparing(k -> k.get(1)));
        readings.forEach(r -> groups.computeIfAbsent(keys.apply(r), k -> new ArrayList<>()).add(r));
        List<List<Object>> rows = new ArrayList<>();
        groups.forEach(
                (key, group) -> {
                    List<Object> row = new ArrayList<>(key);
                    row.add((long) group.size());
                    more.forEach(column -> row.add(column.apply(group)));
                    rows.add(row);
                });
        return rows;
    }

    private Void checkSitesAndFirmware(List<List<Object>> rows) {
        Function<List<Reading>, Object> devices =
                group -> group.stream().map(Reading::deviceId).distinct().count();
        assertThat(rows)
                .isEqualTo(
                        groupedByTwoKeys(r -> List.of(r.site(), r.firmware()), List.of(devices)));
        return null;
    }

    /** Events rows per dt folder, read from the part files themselves. */
    private static Map<String, Long> lakeRowsPerHour() {
        return LakeFiles.read(lake, LakeLayout.EVENTS).stream()
                .collect(
                        Collectors.groupingBy(
                                r -> r.partition().substring("dt=".length()),
                                TreeMap::new,
                                Collectors.counting()));
    }

    /** Reading ids the part files hold more often than they were sent, with their files. */
    private static Map<String, List<String>> lakeCopiesBeyondSent() {
        Map<String, Long> sent =
                readings.stream()
                        .collect(Collectors.groupingBy(Reading::readingId, Collectors.counting()));
        Map<String, List<String>> files = new TreeMap<>();
        for (LakeFiles.LakeRow r : LakeFiles.read(lake, LakeLayout.EVENTS)) {
            files.computeIfAbsent(r.text("reading_id"), k -> new ArrayList<>())
                    .add(lake.relativize(r.file()) + "@" + r.text("sequence_number"));
        }
        files.entrySet().removeIf(e -> e.getValue().size() <= sent.getOrDefault(e.getKey(), 0L));
        return files;
    }

    /** The second-largest and largest temperature of a device's hour. */
    private static double[] p99Bounds(String device, String dt) {
        double[] t =
                readings.stream()
                        .filter(r -> r.deviceId().equals(device) && r.dt().equals(dt))
                        .mapToDouble(Reading::temperature)
                        .sorted()
                        .toArray();
        return new double[] {t.length > 1 ? t[t.length - 2] : t[0], t[t.length - 1]};
    }

    // ---------------------------------------------------------------------------------------

    private static Set<String> queryFiles() throws IOException {
        try (Stream<Path> files = Files.list(QUERIES)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** A query file as it is (only its final ';' dropped: JDBC takes one statement). */
    private static List<List<Object>> onTrino(String schema, String sql) throws SQLException {
        return onTrino("hive", schema, sql);
    }

    private static List<List<Object>> onTrino(String catalog, String schema, String sql)
            throws SQLException {
        try (Connection c = trino.connect(catalog, schema);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(LocalSql.withoutFinalSemicolon(sql))) {
            int n = rs.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(
                            v instanceof java.sql.Timestamp
                                    ? ((java.sql.Timestamp) v).toLocalDateTime()
                                    : v);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /**
     * kinesis-local, producer, the job on the MiniCluster: a lake in root/lake with known content.
     */
    private static void writeLake() throws Exception {
        LocalRun.useEmulatorIdentity();
        try (KinesisLocal kinesis =
                        KinesisLocal.start(
                                FreePorts.loopback(),
                                FreePorts.loopback(),
                                work.resolve("kinesis-local.log"));
                KinesisClient client = Kinesis.client("us-east-1", kinesis.endpoint())) {
            String stream = "readings-athena";
            Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));
            long now = System.currentTimeMillis();
            SampleGenerator generator = new SampleGenerator(21, 24);
            // Start at reading 5000, the first planted hotspot period (docs/HOTSPOTS.md,
            // HotspotsInTheLake).
            for (int i = 0; i < 5_000; i++) generator.next(now - 3 * HOUR);
            List<byte[]> payloads = new ArrayList<>();
            Set<String> expectedIds = new HashSet<>();
            int n = 1200;
            // What each payload adds to the expected results, once more if the stream holds it
            // twice (see expectTheStreamsCopies).
            Map<String, Runnable> expect = new HashMap<>();
            for (int i = 0; i < n; i++) {
                Sample s = generator.next(now - 2 * HOUR + (long) i * 2 * HOUR / n);
                payloads.add(s.payload);
                Runnable expected = () -> {};
                if (Kind.keptAsEvents().contains(s.kind)) {
                    Reading r = reading(s);
                    expected = () -> readings.add(r);
                    expectedIds.add(s.readingId);
                } else if (FAILED.containsKey(s.kind)) {
                    String type = FAILED.get(s.kind).name();
                    expected = () -> errorCounts.merge(type, 1, Integer::sum);
                }
                expected.run();
                expect.put(new String(s.payload, StandardCharsets.ISO_8859_1), expected);
            }
            // Error types the generator does not make.
            String notAnObject = "[\"not\", \"an object\"]";
            String badTime =
                    "{\"reading_id\":\"hm-1\",\"device_id\":\"dev-0001\",\"ts\":\"yesterday\"}";
            for (String handMade : List.of(notAnObject, badTime)) {
                payloads.add(handMade.getBytes(StandardCharsets.UTF_8));
                ErrorType type =
                        handMade.equals(notAnObject)
                                ? ErrorType.NOT_AN_OBJECT
                                : ErrorType.INVALID_EVENT_TIME;
                Runnable expected = () -> errorCounts.merge(type.name(), 1, Integer::sum);
                expected.run();
                expect.put(handMade, expected);
            }
            int expectedErrors = errorCounts.values().stream().mapToInt(Integer::intValue).sum();

            Map<String, String> c = new HashMap<>();
            c.put(SourceOptions.STREAM.key(), stream);
            c.put(SourceOptions.REGION.key(), "us-east-1");
            c.put(SourceOptions.ENDPOINT.key(), kinesis.endpoint());
            c.put(SourceOptions.INITIAL_POSITION.key(), "TRIM_HORIZON");
            c.put(SourceOptions.POLL_INTERVAL.key(), "50 ms");
            c.put(LakeOptions.PATH.key(), lake.toUri().toString());
            c.put(TransformOptions.DROP_IF.key(), "status == 'TEST'");
            Map<String, String> hotspots =
                    Map.of(
                            HotspotsOptions.ENABLED.key(),
                            "true",
                            HotspotsOptions.COLUMNS.key(),
                            "temperature;humidity",
                            HotspotsOptions.WINDOW_SIZE.key(),
                            "200",
                            HotspotsOptions.SCAN_RADIUS.key(),
                            "1.0",
                            HotspotsOptions.MINIMUM_POINTS.key(),
                            "20");
            c.putAll(hotspots);
            // Scored as the local run is, so the events table's score columns hold values; a short
            // warm-up, as each device sends ~50 readings here.
            c.put(ScoringOptions.ENABLED.key(), "true");
            c.put(ScoringOptions.FEATURES.key(), "temperature;humidity");
            c.put(ScoringOptions.OUTPUT_AFTER.key(), "8");
            c.put(ScoringOptions.THRESHOLD.key(), "2.0");
            JobConfig cfg = JobConfig.fromMap(c);
            JobClient job = startJob(cfg, "athena-queries-it");
            sendStart = System.currentTimeMillis();
            KinesisProducer producer =
                    new KinesisProducer(client, stream, new PartitionKeys("device_id"), 8);
            producer.sendAll(payloads.iterator());
            sendEnd = System.currentTimeMillis();
            assertThat(producer.failed()).isZero();

            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            awaitRows(
                    "the lake",
                    table -> LakeFiles.read(lake, table).size(),
                    expectedIds.size(),
                    expectedErrors,
                    deadline);
            MiniClusterJob.stopWithSavepoint(job, work);
            expectTheStreamsCopies(client, stream, payloads, expect);
            assertNoStreamRecordTwiceInTheLake(lake);
            assertThat(
                            LakeFiles.read(lake, LakeLayout.EVENTS).stream()
                                    .map(r -> r.text("reading_id"))
                                    .collect(Collectors.toSet()))
                    .isEqualTo(expectedIds);

            // The same stream again, from its start, into a Parquet lake (no hotspots: the JSON
            // lake has them).
            hotspots.keySet().forEach(c::remove);
            c.put(LakeOptions.PATH.key(), parquetLake.toUri().toString());
            c.put(LakeOptions.EVENTS_FORMAT.key(), "parquet");
            c.put(LakeOptions.ERRORS_FORMAT.key(), "parquet");
            JobConfig parquet = JobConfig.fromMap(c);
            JobClient job2 = startJob(parquet, "athena-queries-it-parquet");
            awaitRows(
                    "the Parquet lake",
                    table -> LakeFiles.read(parquetLake, table).size(),
                    expectedIds.size(),
                    expectedErrors,
                    deadline + TimeUnit.MINUTES.toNanos(2));
            MiniClusterJob.stopWithSavepoint(job2, work);
            assertThat(LakeFiles.committedFiles(parquetLake, LakeLayout.EVENTS))
                    .allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".parquet"));

            // And once more into Iceberg tables (JDBC catalog on PostgreSQL), counted through
            // Trino.
            c.put(LakeOptions.PATH.key(), icebergLake.toUri().toString());
            c.put(LakeOptions.EVENTS_FORMAT.key(), "iceberg");
            c.put(LakeOptions.ERRORS_FORMAT.key(), "iceberg");
            c.put(IcebergOptions.CATALOG.key(), "JDBC");
            c.put(IcebergOptions.JDBC_URI.key(), postgres.jdbcUri());
            JobConfig iceberg = JobConfig.fromMap(c);
            JobClient job3 = startJob(iceberg, "athena-queries-it-iceberg");
            IcebergLake tables =
                    new IcebergLake(
                            IcebergTables.catalog(
                                            iceberg.iceberg(), iceberg.lakePath(), iceberg.s3())
                                    .loadCatalog(),
                            iceberg.iceberg().database(),
                            Set.of("attributes"));
            awaitRows(
                    "the Iceberg lake",
                    table -> tables.read(table).size(),
                    expectedIds.size(),
                    expectedErrors,
                    deadline + TimeUnit.MINUTES.toNanos(4));
            MiniClusterJob.stopWithSavepoint(job3, work);
        }
    }

    /**
     * The pipeline on this class's MiniCluster: parallelism 2, checkpoints every 500 ms, and
     * Flink's default restart strategy (with checkpoints on: restarts without a limit).
     */
    private static JobClient startJob(JobConfig cfg, String name) throws Exception {
        StreamExecutionEnvironment env = TestCluster.withDefaultRestarts(2);
        LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
        return env.executeAsync(name);
    }

    /**
     * Waits until a lake holds at least {@code events} events rows and {@code errors} errors rows
     * ({@code rows}: a table's name to its row count), or fails at {@code deadline} ({@link
     * System#nanoTime}).
     */
    private static void awaitRows(
            String lake, ToIntFunction<String> rows, int events, int errors, long deadline)
            throws InterruptedException {
        while (rows.applyAsInt(LakeLayout.EVENTS) < events
                || rows.applyAsInt(LakeLayout.ERRORS) < errors) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + lake);
            }
            Thread.sleep(250);
        }
    }

    /**
     * The expected results follow from what the stream holds, not only from what the producer sent:
     * PutRecords is at-least-once, and under load a call that timed out after kinesis-local had
     * stored its batch is resent (by the SDK's retries or the producer's), so the stream holds
     * those records twice, under new sequence numbers; the job then rightly writes both copies and
     * every engine counts them (seen once: the first 500-record batch twice, 1702 stored of 1202
     * sent, at load 25–42). Each extra copy is expected once more and reported; a sent record the
     * stream lacks fails the test. Whether the job wrote any stream record twice is checked
     * separately ({@link #assertNoStreamRecordTwiceInTheLake}).
     */
    private static void expectTheStreamsCopies(
            KinesisClient client,
            String stream,
            List<byte[]> payloads,
            Map<String, Runnable> expectOnceMore)
            throws Exception {
        Map<String, Integer> copies = new HashMap<>();
        for (byte[] p : payloads)
            copies.merge(new String(p, StandardCharsets.ISO_8859_1), -1, Integer::sum);
        List<StreamContents.Stored> stored =
                StreamContents.readAll(client, stream, Duration.ofMinutes(1));
        List<String> extra = new ArrayList<>();
        for (StreamContents.Stored r : stored) {
            String key = new String(r.data(), StandardCharsets.ISO_8859_1);
            if (copies.merge(key, 1, Integer::sum) > 0) {
                extra.add(r.shardId() + "/" + r.sequenceNumber() + " " + readingIdOf(key));
                expectOnceMore.getOrDefault(key, () -> {}).run();
            }
        }
        List<String> missing =
                copies.entrySet().stream()
                        .filter(e -> e.getValue() < 0)
                        .map(e -> readingIdOf(e.getKey()))
                        .toList();
        assertThat(missing).as("sent records the stream does not hold").isEmpty();
        if (!extra.isEmpty()) {
            System.err.printf(
                    "AthenaQueriesIT: the stream holds %d records more than were sent (%d stored,"
                            + " %d sent; a resent PutRecords batch): expected once more: %s%n",
                    extra.size(), stored.size(), payloads.size(), extra);
        }
    }

    /**
     * Each stream record (shard, sequence number) at most once in the lake: a second copy there is
     * the job's (a replay committed twice), whatever the input held.
     */
    private static void assertNoStreamRecordTwiceInTheLake(Path lake) {
        for (String table : List.of(LakeLayout.EVENTS, LakeLayout.ERRORS)) {
            Map<String, List<String>> files = new TreeMap<>();
            for (LakeFiles.LakeRow r : LakeFiles.read(lake, table)) {
                files.computeIfAbsent(
                                r.text("shard_id") + "/" + r.text("sequence_number"),
                                k -> new ArrayList<>())
                        .add(lake.relativize(r.file()).toString());
            }
            files.values().removeIf(f -> f.size() < 2);
            assertThat(files)
                    .as(table + ": stream records written twice, with their files")
                    .isEmpty();
        }
    }

    private static final Pattern READING_ID =
            Pattern.compile("\"reading_id\"\\s*:\\s*\"([^\"]*)\"");

    private static String readingIdOf(String payload) {
        Matcher m = READING_ID.matcher(payload);
        return m.find() ? m.group(1) : "(no reading_id)";
    }

    private static Reading reading(Sample s) {
        try {
            JsonNode j = JSON.readTree(s.payload);
            JsonNode attributes = j.path("attributes");
            return new Reading(
                    s.readingId,
                    s.deviceId,
                    s.eventTime,
                    j.path("temperature").asDouble(),
                    j.path("humidity").asDouble(),
                    j.path("battery_mv").asInt(),
                    j.path("status").asText(),
                    attributes.path("location").path("site").asText(),
                    attributes.path("firmware").asText());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
