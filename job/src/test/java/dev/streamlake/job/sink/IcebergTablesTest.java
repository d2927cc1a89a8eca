package dev.streamlake.job.sink;

import static dev.streamlake.job.config.JobSettings.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlake.job.config.IcebergOptions;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.JobSettings;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.LakeOptions.ParquetCompression;
import dev.streamlake.job.config.S3Options;
import dev.streamlake.job.config.TableFiles;
import dev.streamlake.tools.ddl.AthenaDdl;
import dev.streamlake.udfs.schema.TableSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Row;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The Iceberg side of the lake without a job: the schema derived from the schema file (and its
 * agreement with the Athena Iceberg DDL), the hidden partitioning, creating and evolving a table in
 * a catalog (Iceberg's in-memory one), and the encoded record as the writer's row.
 */
class IcebergTablesTest {
    private static final TableSchema SENSORS =
            TableSchema.load(Path.of("../conf/schemas/sensor-readings.json"));
    private static final long EVENT_TIME = Instant.parse("2026-11-27T10:15:30.250Z").toEpochMilli();

    @Test
    void theIcebergColumnsAreTheAthenaDdlsColumnsWithTheirIcebergTypes() {
        AthenaDdl ddl = new AthenaDdl(SENSORS, "conf/schemas/sensor-readings.json");
        Map<String, String> athenaToIceberg =
                Map.of(
                        "string",
                        "string",
                        "bigint",
                        "long",
                        "int",
                        "int",
                        "double",
                        "double",
                        "boolean",
                        "boolean",
                        "timestamp",
                        "timestamp");
        for (AthenaDdl.Table t : List.of(ddl.events(), ddl.errors())) {
            LakeColumns<?> columns =
                    t.name.equals("errors") ? LakeColumns.errors() : LakeColumns.rows(SENSORS);
            Schema schema = IcebergTables.schema(columns);
            assertThat(schema.columns()).hasSameSizeAs(t.columns);
            for (int i = 0; i < t.columns.size(); i++) {
                Types.NestedField f = schema.columns().get(i);
                assertThat(f.name()).isEqualTo(t.columns.get(i)[0]);
                assertThat(f.isOptional()).as(f.name()).isTrue();
                assertThat(f.type().toString())
                        .as(f.name())
                        .isEqualTo(athenaToIceberg.get(t.columns.get(i)[1]));
            }
            String time = t.name.equals("errors") ? "arrival_time" : "event_time";
            assertThat(ddl.createIceberg(t))
                    .contains("PARTITIONED BY (hour(`" + time + "`))")
                    .contains("'table_type' = 'ICEBERG'");
            assertThat(IcebergTables.spec(schema, time).fields())
                    .singleElement()
                    .satisfies(
                            p -> {
                                assertThat(p.transform().toString()).isEqualTo("hour");
                                assertThat(schema.findColumnName(p.sourceId())).isEqualTo(time);
                            });
        }
        // Not timestamptz: the JSON tables' timestamps are UTC wall-clock values (README: Iceberg
        // tables).
        assertThat(IcebergTables.typeOf(dev.streamlake.udfs.schema.ColumnType.TIMESTAMP))
                .isEqualTo(Types.TimestampType.withoutZone());
    }

    @Test
    void aMissingTableIsCreatedAndAnExistingOneGainsTheSchemaFilesNewColumns() {
        InMemoryCatalog catalog = new InMemoryCatalog();
        catalog.initialize("test", Map.of());
        Schema first = IcebergTables.schema(LakeColumns.rows(SENSORS));
        Table created = ensureEvents(catalog, SENSORS, "file:///tmp/lake/events");
        assertThat(created.schema().columns())
                .extracting(f -> f.name() + " " + f.type())
                .isEqualTo(
                        first.columns().stream()
                                .map(f -> f.name() + " " + f.type())
                                .collect(java.util.stream.Collectors.toList()));
        assertThat(created.location()).isEqualTo("file:///tmp/lake/events");
        assertThat(created.properties()).containsEntry("write.parquet.compression-codec", "zstd");
        assertThat(((org.apache.iceberg.BaseTable) created).operations().current().formatVersion())
                .isEqualTo(2);

        // The same file again: nothing changes (no new schema version).
        Table again = ensureEvents(catalog, SENSORS, "ignored");
        assertThat(again.schemas()).hasSize(1);

        // A column added in front of the others: appended to the table, optional, matched by name.
        TableSchema evolved =
                schemaFileWith(
                        "\"columns\": [",
                        "\"columns\": [\n{\"name\": \"channel\", \"type\": \"string\"},");
        Table grown = ensureEvents(catalog, evolved, "ignored");
        assertThat(grown.schema().columns()).hasSize(first.columns().size() + 1);
        assertThat(grown.schema().columns().get(first.columns().size()).name())
                .isEqualTo("channel");
        assertThat(grown.schema().findField("channel").isOptional()).isTrue();

        // A type Iceberg cannot promote (string to bigint) stops the start, naming the table.
        TableSchema incompatible =
                schemaFileWith(
                        "{\"name\": \"owner_email\", \"type\": \"string\"",
                        "{\"name\": \"owner_email\", \"type\": \"bigint\"");
        assertThatThrownBy(() -> ensureEvents(catalog, incompatible, "ignored"))
                .hasMessageContaining("streamlake.events")
                .hasMessageContaining("owner_email");
    }

    @Test
    void theWritersRowHoldsTheEncodedValuesInTheTablesColumnOrder() throws Exception {
        Row row = new Row(SENSORS.size());
        row.setField(0, "r-1");
        row.setField(1, "dev-ü");
        row.setField(2, EVENT_TIME);
        row.setField(3, 21.5);
        row.setField(6, 3300);
        row.setField(7, 42L);
        row.setField(9, true);
        row.setField(11, "{\"fw\":\"1.2\"}");
        TableFiles files =
                TableFiles.of(
                        dev.streamlake.job.config.LakeOptions.Format.ICEBERG,
                        6,
                        ParquetCompression.SNAPPY);
        EncodedRecord encoded = LakeSinks.rowEncoder(SENSORS, files).encode(row);

        // The table's order differs from the file's (a column the file added later comes last).
        Schema fileOrder = IcebergTables.schema(LakeColumns.rows(SENSORS));
        List<Types.NestedField> reordered = new java.util.ArrayList<>(fileOrder.columns());
        reordered.add(0, reordered.remove(1)); // device_id first
        reordered.add(Types.NestedField.optional(99, "dropped_from_file", Types.StringType.get()));
        RowData r =
                IcebergTables.ToRow.of(LakeColumns.rows(SENSORS), new Schema(reordered))
                        .apply(encoded);

        assertThat(r.getArity()).isEqualTo(SENSORS.size() + 1);
        assertThat(r.getString(0).toString()).isEqualTo("dev-ü");
        assertThat(r.getString(1).toString()).isEqualTo("r-1");
        assertThat(r.getTimestamp(2, 6).getMillisecond()).isEqualTo(EVENT_TIME);
        assertThat(r.getTimestamp(2, 6).toLocalDateTime().toString())
                .isEqualTo("2026-11-27T10:15:30.250");
        assertThat(r.getDouble(3)).isEqualTo(21.5);
        assertThat(r.isNullAt(4)).isTrue();
        assertThat(r.getInt(6)).isEqualTo(3300);
        assertThat(r.getLong(7)).isEqualTo(42L);
        assertThat(r.getBoolean(9)).isTrue();
        assertThat(r.getString(11).toString()).isEqualTo("{\"fw\":\"1.2\"}");
        assertThat(r.isNullAt(SENSORS.size())).as("a table column the file no longer has").isTrue();
    }

    @Test
    void aJdbcCatalogNeedsItsUriOnceATableIsIceberg() {
        Map<String, String> c =
                JobSettings.minimalWith(
                        set(LakeOptions.PATH, "file:///tmp/lake"),
                        set(IcebergOptions.CATALOG, "JDBC"));
        assertThat(JobConfig.fromMap(c).eventsFiles().format().toString())
                .isEqualTo("json-gzip"); // unused: fine
        c.put(LakeOptions.EVENTS_FORMAT.key(), "iceberg");
        assertThatThrownBy(() -> JobConfig.fromMap(c))
                .hasMessageStartingWith("lake.iceberg.jdbc-uri: not set");
        c.put(IcebergOptions.JDBC_URI.key(), "postgresql://127.0.0.1/x");
        assertThatThrownBy(() -> JobConfig.fromMap(c))
                .hasMessageStartingWith("lake.iceberg.jdbc-uri: expected a JDBC URL");
        c.put(IcebergOptions.JDBC_URI.key(), "jdbc:postgresql://127.0.0.1:5432/postgres");
        c.put(IcebergOptions.DATABASE.key(), "Bad-Name");
        assertThatThrownBy(() -> JobConfig.fromMap(c))
                .hasMessageStartingWith("lake.iceberg.database:");
        c.put(IcebergOptions.DATABASE.key(), "streamlake");
        JobConfig cfg = JobConfig.fromMap(c);
        assertThat(cfg.eventsFiles().format().toString()).isEqualTo("iceberg");
        assertThat(cfg.iceberg().catalogProperties(cfg.lakePath(), cfg.s3()))
                .containsEntry("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog")
                .containsEntry("uri", "jdbc:postgresql://127.0.0.1:5432/postgres")
                .containsEntry("io-impl", "org.apache.iceberg.hadoop.HadoopFileIO")
                .containsEntry("warehouse", "file:///tmp/lake");
        c.put(IcebergOptions.CATALOG.key(), "GLUE");
        c.put(LakeOptions.PATH.key(), "s3://bucket/lake");
        c.put(S3Options.SSE.key(), "SSE_KMS");
        JobConfig glue = JobConfig.fromMap(c);
        assertThat(glue.iceberg().catalogProperties(glue.lakePath(), glue.s3()))
                .containsEntry("catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog")
                .containsEntry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
                .containsEntry("s3.sse.type", "kms")
                .doesNotContainKey("s3.access-key-id");
    }

    /** streamlake.events as the job ensures it at start for this schema file (zstd Parquet). */
    private static Table ensureEvents(Catalog catalog, TableSchema schema, String location) {
        return IcebergTables.ensure(
                catalog,
                "streamlake",
                "events",
                IcebergTables.schema(LakeColumns.rows(schema)),
                "event_time",
                location,
                ParquetCompression.ZSTD);
    }

    /** The schema file with {@code from} replaced by {@code to}. */
    private static TableSchema schemaFileWith(String from, String to) {
        try {
            return TableSchema.parse(
                    java.nio.file.Files.readString(
                                    Path.of("../conf/schemas/sensor-readings.json"),
                                    StandardCharsets.UTF_8)
                            .replace(from, to));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
