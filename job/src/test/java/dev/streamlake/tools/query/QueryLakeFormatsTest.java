package dev.streamlake.tools.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.LakeOptions.ParquetCompression;
import dev.streamlake.job.config.TableFiles;
import dev.streamlake.job.sink.EncodedRecord;
import dev.streamlake.job.sink.LakeColumns;
import dev.streamlake.job.sink.LakeSinks;
import dev.streamlake.job.sink.ParquetTables;
import dev.streamlake.job.sink.TableEncoder;
import dev.streamlake.tools.query.QueryCli.Format;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.schema.TableSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query command reads what Athena reads of a table: JSON-GZIP and Parquet part files, compacted
 * ones too. The rows are encoded by the job's own table encoders and the Parquet files written by
 * the job's Parquet writer, so a lake written as Parquet must answer as the same lake as JSON.
 */
class QueryLakeFormatsTest {
    private static final Path SCHEMA_FILE = Path.of("../conf/schemas/sensor-readings.json");
    private static final TableSchema SCHEMA = TableSchema.load(SCHEMA_FILE);
    private static final String ALL_ROWS =
            "SELECT reading_id, device_id, event_time, temperature, battery_mv, seq, online,"
                    + " attributes, arrival_time, dt FROM events ORDER BY reading_id";

    @TempDir Path tmp;

    @Test
    void aParquetLakeAnswersAsTheSameLakeAsJson() throws Exception {
        Path json = tmp.resolve("json");
        Path parquet = tmp.resolve("parquet");
        writeJson(json, "dt=2026-11-27-09/part-a-0-0.json.gz", reading("r-1", "09:15:00.250"));
        writeJson(
                json,
                "dt=2026-11-27-10/part-a-1-0.json.gz",
                reading("r-2", "10:05:00.000"),
                sparse("r-3", "10:59:59.999"));
        writeParquet(
                parquet, "dt=2026-11-27-09/part-b-0-0.parquet", reading("r-1", "09:15:00.250"));
        writeParquet(
                parquet,
                "dt=2026-11-27-10/part-b-1-0.parquet",
                reading("r-2", "10:05:00.000"),
                sparse("r-3", "10:59:59.999"));

        String fromJson = QueryCli.run(json, SCHEMA_FILE, ALL_ROWS, Format.CSV);
        assertThat(fromJson.lines()).hasSize(4); // header and three rows
        assertThat(QueryCli.run(parquet, SCHEMA_FILE, ALL_ROWS, Format.CSV)).isEqualTo(fromJson);
        assertThat(fromJson)
                .contains(
                        "r-1,dev-1,2026-11-27 09:15:00.250,21.5,3300,9000000000,true,"
                                + "\"{\"\"fw\"\":\"\"1.2\"\"}\",2026-11-27 09:15:01.000,2026-11-27-09")
                .contains("r-3,dev-1,2026-11-27 10:59:59.999,,,,,,2026-11-27 10:59:59.999,");
    }

    @Test
    void readsCompactedFilesAndBothFormatsInOneTable() throws Exception {
        Path lake = tmp.resolve("lake");
        writeJson(lake, "dt=2026-11-27-09/part-a-0-0.json.gz", reading("r-1", "09:00:00.000"));
        writeJson(
                lake,
                "dt=2026-11-27-09/" + LakeLayout.COMPACTED_PREFIX + "part-a-0-1.json.gz",
                reading("r-2", "09:01:00.000"),
                reading("r-3", "09:02:00.000"));
        // A lake whose format changed from JSON to Parquet keeps both kinds of file.
        writeParquet(lake, "dt=2026-11-27-10/part-b-0-0.parquet", reading("r-4", "10:00:00.000"));
        writeParquet(
                lake,
                "dt=2026-11-27-10/" + LakeLayout.COMPACTED_PREFIX + "part-b-0-1.parquet",
                reading("r-5", "10:01:00.000"));
        // Flink's in-progress files are hidden: Athena skips them, and so does the command.
        writeJson(
                lake,
                "dt=2026-11-27-10/.part-a-1-2.json.gz.inprogress.7",
                reading("r-x", "10:02:00.000"));

        assertThat(
                        QueryCli.run(
                                lake,
                                SCHEMA_FILE,
                                "SELECT dt, count(*) AS n, min(reading_id) AS first FROM events"
                                        + " GROUP BY dt ORDER BY dt",
                                Format.CSV))
                .isEqualTo("dt,n,first\r\n2026-11-27-09,3,r-1\r\n2026-11-27-10,2,r-4\r\n");
    }

    @Test
    void namesAnIcebergTableInsteadOfShowingItEmptyWithoutAWord() throws Exception {
        Path lake = tmp.resolve("lake");
        Files.createDirectories(lake.resolve("events/metadata"));
        StringWriter err = new StringWriter();

        String out =
                QueryCli.run(
                        lake,
                        SCHEMA_FILE,
                        "SELECT count(*) AS n FROM events",
                        Format.CSV,
                        new PrintWriter(err));

        assertThat(out).isEqualTo("n\r\n0\r\n");
        assertThat(err.toString())
                .startsWith("note: events is an Iceberg table (")
                .contains("query it with Trino or Athena");
        assertThat(err.toString().lines()).hasSize(1);
    }

    // ---------------------------------------------------------------------------------------

    private static Row reading(String id, String time) {
        long eventTime = at(time);
        return Row.of(
                id,
                "dev-1",
                eventTime,
                21.5,
                null,
                null,
                3300,
                9_000_000_000L,
                "OK",
                true,
                null,
                "{\"fw\":\"1.2\"}",
                eventTime - (eventTime % 1000) + 1000,
                "shardId-000000000000",
                "4959");
    }

    private static Row sparse(String id, String time) {
        long eventTime = at(time);
        return Row.of(
                id,
                "dev-1",
                eventTime,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                eventTime,
                "shardId-000000000000",
                "4960");
    }

    /** {@code time} (HH:mm:ss.SSS) on 2026-11-27, UTC, in epoch milliseconds. */
    private static long at(String time) {
        return Instant.parse("2026-11-27T" + time + "Z").toEpochMilli();
    }

    /** A JSON part file: the job's JSON encoder's lines, gzipped (as GzipJsonLinesWriter does). */
    private static void writeJson(Path lake, String name, Row... rows) throws Exception {
        TableEncoder<Row> encoder = LakeSinks.rowEncoder(SCHEMA, TableFiles.jsonGzip(6));
        Path file = lake.resolve(LakeLayout.EVENTS).resolve(name);
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (Row row : rows) {
                out.write(encoder.encode(row).line());
                out.write('\n');
            }
        }
    }

    /** A Parquet part file, written by the job's Parquet writer as the FileSink drives it. */
    private static void writeParquet(Path lake, String name, Row... rows) throws Exception {
        TableEncoder<Row> encoder =
                LakeSinks.rowEncoder(SCHEMA, TableFiles.parquet(ParquetCompression.SNAPPY));
        Path file = lake.resolve(LakeLayout.EVENTS).resolve(name);
        Files.createDirectories(file.getParent());
        try (FSDataOutputStream out = create(file)) {
            BulkWriter<EncodedRecord> writer =
                    ParquetTables.writerFactory(
                                    LakeLayout.EVENTS,
                                    LakeColumns.rows(SCHEMA),
                                    ParquetCompression.SNAPPY)
                            .create(out);
            for (Row row : rows) writer.addElement(encoder.encode(row));
            writer.finish();
        }
    }

    private static FSDataOutputStream create(Path file) throws IOException {
        return FileSystem.getLocalFileSystem()
                .create(
                        new org.apache.flink.core.fs.Path(file.toUri()),
                        FileSystem.WriteMode.NO_OVERWRITE);
    }
}
