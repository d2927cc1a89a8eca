package dev.streamlake.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.LakeOptions.ParquetCompression;
import dev.streamlake.job.config.TableFiles;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.schema.TableSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.types.Row;
import org.apache.flink.util.InstantiationUtil;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParquetTablesTest {
    private static final TableSchema SENSORS =
            TableSchema.load(Path.of("../conf/schemas/sensor-readings.json"));
    private static final long EVENT_TIME = Instant.parse("2026-11-27T10:15:30.250Z").toEpochMilli();
    private static final long ARRIVAL = Instant.parse("2026-11-27T10:15:31.007Z").toEpochMilli();

    @TempDir Path dir;

    @Test
    void schemaMapsEveryColumnTypeForAthena() {
        MessageType schema = ParquetTables.schema("events", LakeColumns.rows(SENSORS));

        assertThat(schema.toString())
                .isEqualTo(
                        "message events {\n"
                                + "  optional binary reading_id (STRING);\n"
                                + "  optional binary device_id (STRING);\n"
                                + "  optional int64 event_time (TIMESTAMP(MILLIS,true));\n"
                                + "  optional double temperature;\n"
                                + "  optional double humidity;\n"
                                + "  optional double pressure;\n"
                                + "  optional int32 battery_mv;\n"
                                + "  optional int64 seq;\n"
                                + "  optional binary status (STRING);\n"
                                + "  optional boolean online;\n"
                                + "  optional binary owner_email (STRING);\n"
                                + "  optional binary attributes (STRING);\n"
                                + "  optional int64 arrival_time (TIMESTAMP(MILLIS,true));\n"
                                + "  optional binary shard_id (STRING);\n"
                                + "  optional binary sequence_number (STRING);\n"
                                + "}\n");
    }

    @ParameterizedTest
    @EnumSource(ParquetCompression.class)
    void rowsReadBackFieldByFieldWithParquetsOwnReader(ParquetCompression compression)
            throws Exception {
        Path file =
                write(
                        "part-0.parquet",
                        ParquetTables.writerFactory(
                                "events", LakeColumns.rows(SENSORS), compression),
                        encoded(List.of(full(), sparse())));

        List<Group> groups = readGroups(file);
        assertThat(groups).hasSize(2);
        Group g = groups.get(0);
        assertThat(g.getString("reading_id", 0)).isEqualTo("r-1");
        assertThat(g.getString("device_id", 0)).isEqualTo("dev-0001");
        assertThat(g.getLong("event_time", 0)).isEqualTo(EVENT_TIME);
        assertThat(g.getDouble("temperature", 0)).isEqualTo(21.5);
        assertThat(g.getDouble("humidity", 0)).isEqualTo(40.25);
        assertThat(g.getDouble("pressure", 0)).isEqualTo(1013.0);
        assertThat(g.getInteger("battery_mv", 0)).isEqualTo(3300);
        assertThat(g.getLong("seq", 0)).isEqualTo(9_000_000_000L);
        assertThat(g.getString("status", 0)).isEqualTo("OK");
        assertThat(g.getBoolean("online", 0)).isTrue();
        assertThat(g.getString("owner_email", 0)).isEqualTo("****42@example.com");
        assertThat(g.getString("attributes", 0))
                .isEqualTo("{\"fw\":\"1.2\",\"loc\":{\"lat\":1.5}}");
        assertThat(g.getLong("arrival_time", 0)).isEqualTo(ARRIVAL);
        assertThat(g.getString("shard_id", 0)).isEqualTo("shardId-000000000001");
        assertThat(g.getString("sequence_number", 0)).isEqualTo("4959");
        // Null columns are absent, as in the JSON table.
        Group s = groups.get(1);
        assertThat(s.getString("reading_id", 0)).isEqualTo("r-2");
        assertThat(s.getFieldRepetitionCount("temperature")).isZero();
        assertThat(s.getFieldRepetitionCount("attributes")).isZero();
        assertThat(s.getFieldRepetitionCount("online")).isZero();

        ParquetMetadata footer = footer(file);
        assertThat(footer.getFileMetaData().getSchema())
                .isEqualTo(ParquetTables.schema("events", LakeColumns.rows(SENSORS)));
        for (BlockMetaData block : footer.getBlocks()) {
            for (ColumnChunkMetaData column : block.getColumns()) {
                assertThat(column.getCodec().name()).isEqualTo(compression.name());
            }
        }
    }

    @Test
    void compactionReaderReturnsTheRowsWritten() throws Exception {
        List<EncodedRecord> rows = encoded(List.of(full(), sparse()));
        Path file =
                write(
                        "part-1.parquet",
                        ParquetTables.writerFactory(
                                "events", LakeColumns.rows(SENSORS), ParquetCompression.SNAPPY),
                        rows);

        List<EncodedRecord> back =
                readBack(ParquetTables.readerFactory("events", LakeColumns.rows(SENSORS)), file);
        assertThat(back).hasSize(2);
        for (int i = 0; i < 2; i++)
            assertThat(java.util.Arrays.deepEquals(back.get(i).values(), rows.get(i).values()))
                    .isTrue();
    }

    @Test
    void errorsTableRoundTrips() throws Exception {
        FailedRecord f = new FailedRecord();
        f.errorType = "MALFORMED_JSON";
        f.errorMessage = "Unexpected end-of-input (at byte 12)";
        f.payload = "{\"reading_id\":";
        f.payloadEncoding = FailedRecord.UTF8;
        f.stream = "sensor-readings";
        f.shardId = "shardId-000000000000";
        f.sequenceNumber = "4960";
        f.partitionKey = null;
        f.arrivalTime = ARRIVAL;
        Path file =
                write(
                        "errors.parquet",
                        ParquetTables.writerFactory(
                                "errors", LakeColumns.errors(), ParquetCompression.ZSTD),
                        List.of(
                                LakeSinks.errorEncoder(TableFiles.parquet(ParquetCompression.ZSTD))
                                        .encode(f)));

        Group g = readGroups(file).get(0);
        assertThat(g.getString("error_type", 0)).isEqualTo("MALFORMED_JSON");
        assertThat(g.getString("payload", 0)).isEqualTo("{\"reading_id\":");
        assertThat(g.getLong("arrival_time", 0)).isEqualTo(ARRIVAL);
        assertThat(g.getFieldRepetitionCount("partition_key")).isZero();
        Object[] back =
                readBack(ParquetTables.readerFactory("errors", LakeColumns.errors()), file)
                        .get(0)
                        .values();
        assertThat(new String((byte[]) back[1], java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(f.errorMessage);
        assertThat(back[7]).isNull();
        assertThat(back[8]).isEqualTo(ARRIVAL);
    }

    @Test
    void writerAndReaderFactoriesSurviveSerialization() throws Exception {
        InstantiationUtil.clone(
                ParquetTables.writerFactory(
                        "events", LakeColumns.rows(SENSORS), ParquetCompression.GZIP));
        InstantiationUtil.clone(ParquetTables.readerFactory("events", LakeColumns.rows(SENSORS)));
    }

    // ---------------------------------------------------------------------------------------

    static List<EncodedRecord> encoded(List<Row> rows) throws EncodingException {
        TableEncoder<Row> encoder =
                LakeSinks.rowEncoder(SENSORS, TableFiles.parquet(ParquetCompression.SNAPPY));
        List<EncodedRecord> out = new ArrayList<>();
        for (Row row : rows) out.add(encoder.encode(row));
        return out;
    }

    static Row full() {
        return Row.of(
                "r-1",
                "dev-0001",
                EVENT_TIME,
                21.5,
                40.25,
                1013.0,
                3300,
                9_000_000_000L,
                "OK",
                true,
                "****42@example.com",
                "{\"fw\":\"1.2\",\"loc\":{\"lat\":1.5}}",
                ARRIVAL,
                "shardId-000000000001",
                "4959");
    }

    static Row sparse() {
        return Row.of(
                "r-2",
                "dev-0002",
                EVENT_TIME + 1,
                null,
                null,
                null,
                null,
                null,
                "OK",
                null,
                null,
                null,
                ARRIVAL,
                "shardId-000000000001",
                "4961");
    }

    /** Writes one part file the way the FileSink does: create, add, finish, close. */
    private <T> Path write(String name, BulkWriter.Factory<T> factory, List<T> values)
            throws IOException {
        return PartFiles.write(dir.resolve(name), factory, values);
    }

    private static List<Group> readGroups(Path file) throws IOException {
        List<Group> out = new ArrayList<>();
        try (ParquetReader<Group> reader =
                ParquetReader.builder(
                                new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
                        .build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) out.add(g);
        }
        return out;
    }

    private static ParquetMetadata footer(Path file) throws IOException {
        try (ParquetFileReader r =
                ParquetFileReader.open(
                        HadoopInputFile.fromPath(
                                new org.apache.hadoop.fs.Path(file.toUri()),
                                new Configuration()))) {
            return r.getFooter();
        }
    }

    private static <T> List<T> readBack(
            RecordWiseFileCompactor.Reader.Factory<T> factory, Path file) throws Exception {
        List<T> out = new ArrayList<>();
        try (RecordWiseFileCompactor.Reader<T> reader =
                factory.createFor(new org.apache.flink.core.fs.Path(file.toUri()))) {
            for (T t = reader.read(); t != null; t = reader.read()) out.add(t);
        }
        return out;
    }
}
