package dev.streamlake.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlake.udfs.schema.ColumnType;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.schema.Timestamps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

/** Reads what a query engine would see of a local lake table: committed part files only. */
public final class LakeFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row and the partition folder it was found in. */
    public record LakeRow(String partition, Path file, JsonNode row) {
        public String text(String column) {
            return row.path(column).asText(null);
        }
    }

    /** Columns of type json in conf/schemas/sensor-readings.json: nested JSON in the JSON table. */
    private static final Set<String> JSON_COLUMNS =
            TableSchema.load(
                            Path.of(
                                    System.getProperty("project.root", "../.."),
                                    "conf/schemas/sensor-readings.json"))
                    .columns()
                    .stream()
                    .filter(c -> c.type() == ColumnType.JSON)
                    .map(c -> c.name())
                    .collect(Collectors.toSet());

    private LakeFiles() {}

    /**
     * Waits until a checkpoint has committed a first file of events: from then on, a restart must
     * not write what that file holds again.
     */
    public static void awaitFirstCommit(Path lake) throws InterruptedException {
        Await.until(
                "a first checkpoint commits files",
                () -> !committedFiles(lake, "events").isEmpty(),
                () -> "no files");
    }

    /** Committed files: those a reader lists (Athena skips names starting with '.' or '_'). */
    public static List<Path> committedFiles(Path lake, String table) {
        Path dir = lake.resolve(table);
        if (!Files.isDirectory(dir)) return List.of();
        // A running job renames its in-progress files while the walk lists them (a vanished entry
        // fails the walk): walk again; committed files stay where they are.
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile)
                        .filter(
                                f ->
                                        !f.getFileName().toString().startsWith(".")
                                                && !f.getFileName().toString().startsWith("_"))
                        .sorted()
                        .toList();
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException) || attempt == 10) throw e;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Every row of a table: {@code .parquet} files with Parquet's own reader, as rows of the same
     * shape as the JSON table's (timestamps as {@code yyyy-MM-dd HH:mm:ss.SSS} UTC, null columns
     * absent); other files as one GZIP stream of JSON lines.
     */
    public static List<LakeRow> read(Path lake, String table) {
        List<LakeRow> rows = new ArrayList<>();
        for (Path file : committedFiles(lake, table)) {
            if (file.getFileName().toString().endsWith(".parquet")) {
                rows.addAll(readParquet(file, table.equals("errors") ? Set.of() : JSON_COLUMNS));
                continue;
            }
            try (BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(
                                    new GZIPInputStream(Files.newInputStream(file)),
                                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    rows.add(
                            new LakeRow(
                                    file.getParent().getFileName().toString(),
                                    file,
                                    JSON.readTree(line)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("not a valid GZIP JSON-lines file: " + file, e);
            }
        }
        return rows;
    }

    /** One Parquet file, each record as the JSON object the JSON table would hold. */
    public static List<LakeRow> readParquet(Path file, Set<String> jsonColumns) {
        List<LakeRow> rows = new ArrayList<>();
        try (ParquetReader<Group> reader =
                ParquetReader.builder(
                                new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
                        .build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                rows.add(
                        new LakeRow(
                                file.getParent().getFileName().toString(),
                                file,
                                toJson(g, jsonColumns)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not a valid Parquet file: " + file, e);
        }
        return rows;
    }

    private static ObjectNode toJson(Group g, Set<String> jsonColumns) throws IOException {
        ObjectNode row = JSON.createObjectNode();
        GroupType type = g.getType();
        for (int i = 0; i < type.getFieldCount(); i++) {
            if (g.getFieldRepetitionCount(i) == 0) continue;
            Type field = type.getType(i);
            String name = field.getName();
            LogicalTypeAnnotation logical = field.getLogicalTypeAnnotation();
            switch (field.asPrimitiveType().getPrimitiveTypeName()) {
                case BINARY:
                    String text = g.getString(i, 0);
                    // json columns are JSON text in Parquet and nested JSON in the JSON table.
                    if (jsonColumns.contains(name)) row.set(name, JSON.readTree(text));
                    else row.put(name, text);
                    break;
                case INT64:
                    long v = g.getLong(i, 0);
                    if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
                        row.put(name, Timestamps.formatUtc(v));
                    } else {
                        row.put(name, v);
                    }
                    break;
                case INT32:
                    row.put(name, g.getInteger(i, 0));
                    break;
                case DOUBLE:
                    row.put(name, g.getDouble(i, 0));
                    break;
                case BOOLEAN:
                    row.put(name, g.getBoolean(i, 0));
                    break;
                default:
                    throw new IOException(name + ": unexpected Parquet type " + field);
            }
        }
        return row;
    }
}
