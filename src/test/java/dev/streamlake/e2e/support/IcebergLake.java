package dev.streamlake.e2e.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlake.e2e.support.LakeFiles.LakeRow;
import dev.streamlake.udfs.lake.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * A lake's Iceberg tables read back through Iceberg's own reader (table scan, then each data file
 * with Iceberg's generic Parquet reader), each row as the JSON object the JSON table would hold
 * (timestamps as {@code yyyy-MM-dd HH:mm:ss.SSS} UTC text, json columns nested), its partition the
 * {@code dt=yyyy-MM-dd-HH} of the data file's hidden {@code hours()} partition value, so {@link
 * Ledger} checks it like a file lake.
 */
public final class IcebergLake implements Ledger.Tables {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd-HH");

    private final Catalog catalog;
    private final String database;
    private final Set<String> jsonColumns;

    public IcebergLake(Catalog catalog, String database, Set<String> jsonColumns) {
        this.catalog = catalog;
        this.database = database;
        this.jsonColumns = jsonColumns;
    }

    public Table table(String name) {
        return catalog.loadTable(TableIdentifier.of(database, name));
    }

    /** Whether the table exists yet (the job creates it when it starts). */
    public boolean exists(String name) {
        return catalog.tableExists(TableIdentifier.of(database, name));
    }

    @Override
    public List<LakeRow> read(String name) {
        if (!exists(name)) return List.of();
        Table table = table(name);
        table.refresh();
        Schema schema = table.schema();
        List<LakeRow> rows = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                Integer hours = task.file().partition().get(0, Integer.class);
                String partition =
                        hours == null
                                ? "dt=null"
                                : LocalDateTime.ofEpochSecond(hours * 3600L, 0, ZoneOffset.UTC)
                                        .format(HOUR);
                // The data file's path (for s3://bucket/key, the key's path): its name and folder.
                Path file =
                        Path.of(
                                java.net
                                        .URI
                                        .create(
                                                task.file()
                                                        .location()
                                                        .replaceFirst("^file:/+", "file:///"))
                                        .getPath());
                try (CloseableIterable<Record> records =
                        Parquet.read(table.io().newInputFile(task.file().location()))
                                .project(schema)
                                .createReaderFunc(
                                        fileSchema ->
                                                GenericParquetReaders.buildReader(
                                                        schema, fileSchema))
                                .build()) {
                    for (Record r : records)
                        rows.add(new LakeRow(partition, file, toJson(r, schema)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Iceberg table " + name, e);
        }
        return rows;
    }

    /** The table's hidden partition column for a lake table: what its rows are placed by. */
    public static String timeColumn(String table) {
        return table.equals(LakeLayout.ERRORS) ? "arrival_time" : "event_time";
    }

    private ObjectNode toJson(Record r, Schema schema) throws IOException {
        ObjectNode row = JSON.createObjectNode();
        for (Types.NestedField f : schema.columns()) {
            Object v = r.getField(f.name());
            if (v == null) continue;
            if (v instanceof LocalDateTime) {
                row.put(f.name(), ((LocalDateTime) v).format(TS));
            } else if (jsonColumns.contains(f.name())) {
                row.set(f.name(), JSON.readTree((String) v));
            } else if (v instanceof CharSequence) {
                row.put(f.name(), v.toString());
            } else {
                row.set(f.name(), JSON.valueToTree(v));
            }
        }
        return row;
    }
}
