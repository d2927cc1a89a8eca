package dev.streamlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlake.job.config.IcebergOptions;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.LakeOptions.ParquetCompression;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.config.ValidationOptions;
import dev.streamlake.job.sink.IcebergTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run's catalog after {@code ./lake} was deleted: Iceberg's JDBC catalog on a real
 * PostgreSQL (Debian's, started and stopped here by PID on a free loopback port), tables made as
 * the job makes them.
 */
class LocalCatalogTest {
    private static final Schema SCHEMA =
            new Schema(
                    Types.NestedField.optional(1, "event_time", Types.TimestampType.withoutZone()),
                    Types.NestedField.optional(2, "reading_id", Types.StringType.get()));

    @Test
    void entriesWhoseFilesWentWithTheLakeAreDroppedAndTheJobCanCreateThemAnew(@TempDir Path tmp)
            throws Exception {
        try (LocalPostgres pg =
                LocalPostgres.start(
                        FreePorts.loopback(), tmp.resolve("pg"), tmp.resolve("pg.log"))) {
            Path lake = tmp.resolve("lake");
            JobConfig cfg =
                    JobConfig.fromMap(
                            Map.of(
                                    SourceOptions.STREAM.key(), "s",
                                    SourceOptions.REGION.key(), "us-east-1",
                                    ValidationOptions.SCHEMA.key(),
                                            "../conf/schemas/sensor-readings.json",
                                    LakeOptions.PATH.key(), lake.toUri().toString(),
                                    LakeOptions.EVENTS_FORMAT.key(), "iceberg",
                                    IcebergOptions.CATALOG.key(), "JDBC",
                                    IcebergOptions.JDBC_URI.key(), pg.jdbcUri(),
                                    IcebergOptions.DATABASE.key(), "local_run"));
            Catalog catalog =
                    IcebergTables.catalog(cfg.iceberg(), cfg.lakePath(), cfg.s3()).loadCatalog();
            ensure(catalog, cfg, "events");
            ensure(catalog, cfg, "errors");
            TableIdentifier events = TableIdentifier.of("local_run", "events");
            deleteTree(lake.resolve("events")); // as rm -r lake, for one table

            assertThatThrownBy(() -> ensure(catalog, cfg, "events"))
                    .as("what the next run met")
                    .isInstanceOf(NotFoundException.class);
            assertThat(LocalCatalog.dropTablesWithoutMetadata(catalog, "local_run"))
                    .containsExactly(events);
            assertThat(catalog.tableExists(TableIdentifier.of("local_run", "errors")))
                    .as("a table whose files are there stays")
                    .isTrue();
            ensure(catalog, cfg, "events");
            assertThat(catalog.loadTable(events).location()).endsWith("/lake/events");
            assertThat(LocalCatalog.dropTablesWithoutMetadata(catalog, "local_run")).isEmpty();
            assertThat(LocalCatalog.dropTablesWithoutMetadata(catalog, "no_such_database"))
                    .isEmpty();
            ((AutoCloseable) catalog).close();
        }
    }

    private static void ensure(Catalog catalog, JobConfig cfg, String table) {
        IcebergTables.ensure(
                catalog,
                cfg.iceberg().database(),
                table,
                SCHEMA,
                "event_time",
                cfg.lakePath() + "/" + table,
                ParquetCompression.SNAPPY);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(dir).doesNotExist();
    }
}
