package dev.streamlake.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reads what a query engine would see of a local lake table: committed part files only. */
public final class LakeFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row and the partition folder it was found in. */
    public record LakeRow(String partition, Path file, JsonNode row) {
        public String text(String column) {
            return row.path(column).asText(null);
        }
    }

    private LakeFiles() {}

    /** Committed files: those a reader lists (Athena skips names starting with '.' or '_'). */
    public static List<Path> committedFiles(Path lake, String table) {
        Path dir = lake.resolve(table);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".")
                            && !f.getFileName().toString().startsWith("_"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row of a table, reading each file as one GZIP stream of JSON lines. */
    public static List<LakeRow> read(Path lake, String table) {
        List<LakeRow> rows = new ArrayList<>();
        for (Path file : committedFiles(lake, table)) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    rows.add(new LakeRow(file.getParent().getFileName().toString(), file, JSON.readTree(line)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("not a valid GZIP JSON-lines file: " + file, e);
            }
        }
        return rows;
    }
}
