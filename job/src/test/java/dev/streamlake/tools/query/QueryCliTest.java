package dev.streamlake.tools.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.tools.query.QueryCli.Format;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query command on a small hand-written lake (the e2e AthenaQueriesIT compares it with Trino).
 */
class QueryCliTest {
    private static final Path SCHEMA = Path.of("../conf/schemas/sensor-readings.json");

    @TempDir Path lake;

    @BeforeEach
    void writeLake() throws IOException {
        gz(
                lake.resolve("events/dt=2026-11-27-09/part-a-0-0.json.gz"),
                "{\"reading_id\":\"r-1\",\"device_id\":\"dev-1\",\"event_time\":\"2026-11-27 09:15:00.250\","
                        + "\"temperature\":21.5,\"battery_mv\":3300,\"status\":\"OK\","
                        + "\"attributes\":{\"firmware\":\"1.2.0\",\"location\":{\"site\":\"plant-1\"}}}",
                "{\"reading_id\":\"r-2\",\"device_id\":\"dev-1\",\"event_time\":\"2026-11-27 09:45:00.000\","
                        + "\"temperature\":22.5,\"status\":\"WARN, hot\"}");
        gz(
                lake.resolve("events/dt=2026-11-27-10/part-a-1-0.json.gz"),
                "{\"reading_id\":\"r-3\",\"device_id\":\"dev-2\",\"event_time\":\"2026-11-27 10:05:00.000\","
                        + "\"temperature\":19.0,\"online\":true}");
        // Flink's in-progress file: hidden, as Athena skips it.
        gz(
                lake.resolve("events/dt=2026-11-27-10/.part-a-1-1.json.gz.inprogress.123"),
                "{\"reading_id\":\"r-hidden\",\"device_id\":\"dev-9\",\"event_time\":\"2026-11-27 10:06:00.000\"}");
    }

    @Test
    void printsAnAlignedTable() throws Exception {
        String out =
                QueryCli.run(
                        lake,
                        SCHEMA,
                        "-- a comment\nSELECT dt, count(*) AS records FROM events GROUP BY dt ORDER BY dt;\n",
                        Format.TABLE);
        assertThat(out)
                .isEqualTo(
                        "dt            | records\n"
                                + "--------------+--------\n"
                                + "2026-11-27-09 |       2\n"
                                + "2026-11-27-10 |       1\n"
                                + "(2 rows)\n");
    }

    @Test
    void printsCsvAndJsonLines() throws Exception {
        String sql =
                "SELECT reading_id, event_time, temperature, status, online FROM events ORDER BY reading_id";
        assertThat(QueryCli.run(lake, SCHEMA, sql, Format.CSV))
                .isEqualTo(
                        "reading_id,event_time,temperature,status,online\r\n"
                                + "r-1,2026-11-27 09:15:00.250,21.5,OK,\r\n"
                                + "r-2,2026-11-27 09:45:00.000,22.5,\"WARN, hot\",\r\n"
                                + "r-3,2026-11-27 10:05:00.000,19.0,,true\r\n");
        assertThat(QueryCli.run(lake, SCHEMA, sql + " LIMIT 1", Format.JSON))
                .isEqualTo(
                        "{\"reading_id\":\"r-1\",\"event_time\":\"2026-11-27 09:15:00.250\",\"temperature\":21.5,"
                                + "\"status\":\"OK\",\"online\":null}\n");
    }

    @Test
    void providesTheAthenaFunctionsOfTheExampleQueries() throws Exception {
        String out =
                QueryCli.run(
                        lake,
                        SCHEMA,
                        "SELECT json_extract_scalar(attributes, '$.location.site') AS site,"
                                + " json_extract_scalar(attributes, '$.firmware') AS firmware,"
                                + " date_format(event_time, '%Y-%m-%d-%H:%i:%s') AS t,"
                                + " approx_percentile(temperature, 0.5) AS median"
                                + " FROM events WHERE reading_id = 'r-1' GROUP BY 1, 2, 3",
                        Format.CSV);
        assertThat(out)
                .isEqualTo("site,firmware,t,median\r\nplant-1,1.2.0,2026-11-27-09:15:00,21.5\r\n");
    }

    @Test
    void tablesWithoutFilesAreEmptyNotErrors() throws Exception {
        assertThat(QueryCli.run(lake, SCHEMA, "SELECT count(*) AS n FROM errors", Format.CSV))
                .isEqualTo("n\r\n0\r\n");
        assertThat(QueryCli.run(lake, SCHEMA, "SELECT count(*) AS n FROM anomalies", Format.CSV))
                .isEqualTo("n\r\n0\r\n");
        assertThat(
                        QueryCli.run(
                                lake.resolve("nothing-here"),
                                SCHEMA,
                                "SELECT count(*) AS n FROM events",
                                Format.CSV))
                .isEqualTo("n\r\n0\r\n");
    }

    @Test
    void runsTheExampleQueryFilesAsTheyAre() throws Exception {
        try (var files = Files.list(Path.of("../sql/athena-ddl/queries"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String out = QueryCli.run(lake, SCHEMA, Files.readString(file), Format.TABLE);
                assertThat(out).as(file.toString()).contains(" rows)\n");
            }
        }
    }

    private static void gz(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
