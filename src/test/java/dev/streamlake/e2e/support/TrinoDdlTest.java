package dev.streamlake.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mechanical Athena-to-Trino DDL mapping, on the checked-in files, without a Trino. */
class TrinoDdlTest {
    private static final Path DDL =
            Path.of(System.getProperty("project.root", "../..")).resolve("sql/athena-ddl");
    private static final TrinoDdl MAPPING = new TrinoDdl("s3://YOUR-BUCKET/lake", "local:///lake");

    @Test
    void mapsTheProjectedEventsTable() throws Exception {
        List<String> statements =
                MAPPING.map(Files.readString(DDL.resolve("projection/events.sql")));
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0))
                .startsWith(
                        "CREATE TABLE hive.streamlake.events (\n  reading_id varchar COMMENT 'Unique id of the reading, set by the device.',")
                .contains(
                        "  event_time timestamp(3) COMMENT",
                        "  battery_mv integer COMMENT",
                        "  attributes varchar COMMENT")
                .contains(
                        "  dt varchar COMMENT 'Event hour, UTC (yyyy-MM-dd-HH)' WITH (\n    partition_projection_type = 'DATE',\n"
                                + "    partition_projection_format = 'yyyy-MM-dd-HH',\n"
                                + "    partition_projection_range = ARRAY['2026-01-01-00', 'NOW'],\n"
                                + "    partition_projection_interval = 1,\n    partition_projection_interval_unit = 'HOURS')")
                .endsWith(
                        "WITH (\n  format = 'OPENX_JSON',\n  external_location = 'local:///lake/events',\n"
                                + "  partitioned_by = ARRAY['dt'],\n  partition_projection_enabled = true,\n"
                                + "  partition_projection_location_template = 'local:///lake/events/dt=${dt}'\n)");
    }

    @Test
    void mapsTheParquetVariantToTrinosParquetFormat() throws Exception {
        List<String> statements =
                MAPPING.inSchema("pq").map(Files.readString(DDL.resolve("parquet/events.sql")));
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0))
                .startsWith("CREATE TABLE hive.pq.events (")
                .contains("format = 'PARQUET'")
                .contains("partition_projection_enabled = true")
                .doesNotContain("OPENX_JSON");
    }

    @Test
    void mapsDatabaseMsckAndAddPartition() throws Exception {
        assertThat(MAPPING.map(Files.readString(DDL.resolve("create-database.sql"))))
                .containsExactly("CREATE SCHEMA IF NOT EXISTS hive.streamlake");
        List<String> partitions =
                MAPPING.inSchema("plain")
                        .map(Files.readString(DDL.resolve("plain/partitions.sql")));
        assertThat(partitions)
                .contains(
                        "CALL hive.system.register_partition('plain', 'events', ARRAY['dt'], ARRAY['2026-11-27-09'],"
                                + " 'local:///lake/events/dt=2026-11-27-09')",
                        "CALL hive.system.sync_partition_metadata('plain', 'errors', 'ADD')");
        assertThat(MAPPING.map(Files.readString(DDL.resolve("plain/errors.sql"))).get(0))
                .doesNotContain("projection")
                .contains("format = 'OPENX_JSON'");
    }

    @Test
    void failsOnAnythingItDoesNotKnow() throws Exception {
        String events = Files.readString(DDL.resolve("projection/events.sql"));
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                MAPPING.map(
                                        events.replace(
                                                "'projection.enabled' = 'true',",
                                                "'projection.enabled' = 'true',\n  'write.compression' = 'GZIP',")))
                .withMessageContaining("no Trino mapping for properties {write.compression=GZIP}");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                MAPPING.map(
                                        events.replace(
                                                "org.openx.data.jsonserde.JsonSerDe",
                                                "org.apache.hive.hcatalog.data.JsonSerDe")))
                .withMessageContaining("unknown SerDe");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MAPPING.map(events.replace("`seq` bigint", "`seq` decimal")))
                .withMessageContaining("no Trino type for Hive type decimal");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MAPPING.map("DROP TABLE streamlake.events;"))
                .withMessageStartingWith("no Trino mapping for: DROP TABLE");
    }
}
