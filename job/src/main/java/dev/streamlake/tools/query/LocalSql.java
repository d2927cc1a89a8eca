package dev.streamlake.tools.query;

import dev.streamlake.tools.ddl.AthenaDdl;
import dev.streamlake.udfs.lake.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * SQL over a local lake on embedded DuckDB: an approximation of Athena for zero-setup local use,
 * not Athena (Trino is the reference; see README). Views {@code events}, {@code errors}, {@code
 * anomalies} and {@code hotspots} read the committed part files, JSON-GZIP and Parquet ({@code
 * <lake>/<table>/dt=.../part-*}), with the columns and types of the generated Athena DDL, and
 * {@code dt} from the folder names. The Athena functions the example queries use are macros: {@code
 * date_format} (MySQL-style {@code %i}/{@code %s} mapped), {@code approx_percentile}, {@code
 * json_extract_scalar}. The session time zone is UTC, as Athena's.
 */
public final class LocalSql implements AutoCloseable {
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final Map<String, String> DUCKDB_TYPES =
            Map.of(
                    "string",
                    "VARCHAR",
                    "bigint",
                    "BIGINT",
                    "int",
                    "INTEGER",
                    "double",
                    "DOUBLE",
                    "boolean",
                    "BOOLEAN",
                    "timestamp",
                    "TIMESTAMP");

    /** Athena functions the example queries use, as DuckDB macros. */
    static final List<String> MACROS =
            List.of(
                    "CREATE MACRO date_format(ts, fmt) AS strftime(ts, replace(replace(fmt, '%i', '%M'), '%s', '%S'))",
                    "CREATE MACRO approx_percentile(x, p) AS approx_quantile(x, p)",
                    "CREATE MACRO json_extract_scalar(j, path) AS json_extract_string(j, path)");

    /** A query's result: column names and rows of JDBC values (timestamps as LocalDateTime). */
    public static final class Result {
        public final List<String> columns;
        public final List<List<Object>> rows;

        Result(List<String> columns, List<List<Object>> rows) {
            this.columns = Collections.unmodifiableList(columns);
            this.rows = Collections.unmodifiableList(rows);
        }
    }

    private final Connection db;
    private final List<String> notes;

    private LocalSql(Connection db, List<String> notes) {
        this.db = db;
        this.notes = notes;
    }

    /** Opens DuckDB in memory with the lake's tables as views. */
    public static LocalSql open(Path lake, AthenaDdl ddl) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = db.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            for (String macro : MACROS) s.execute(macro);
            for (AthenaDdl.Table t : ddl.tables()) s.execute(view(lake, t));
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
        return new LocalSql(db, icebergTables(lake, ddl));
    }

    /** What the user should know about the views, e.g. a table this command cannot read. */
    public List<String> notes() {
        return notes;
    }

    /**
     * Iceberg tables ({@code lake.<table>.format=iceberg}) keep their files' list in the catalog,
     * which DuckDB cannot read here: their views would be silently empty, so they are named.
     */
    private static List<String> icebergTables(Path lake, AthenaDdl ddl) {
        List<String> out = new ArrayList<>();
        for (AthenaDdl.Table t : ddl.tables()) {
            Path metadata = lake.resolve(t.name).resolve("metadata");
            if (Files.isDirectory(metadata))
                out.add(
                        t.name
                                + " is an Iceberg table ("
                                + metadata
                                + "): this command reads JSON and Parquet part files only, so its"
                                + " view is empty; query it with Trino or Athena (README, Iceberg tables)");
        }
        return out;
    }

    /**
     * The CREATE VIEW of one table: every column listed and typed, as DuckDB needs to be fast and
     * right. It reads what Athena reads: the JSON and the Parquet part files of the table's {@code
     * dt=} folders, compacted ones included, and not the hidden in-progress files.
     */
    static String view(Path lake, AthenaDdl.Table t) {
        Path dir = lake.resolve(t.name).toAbsolutePath().normalize();
        Set<String> globs = partFileGlobs(dir);
        List<String> reads = new ArrayList<>();
        List<String> json = withSuffix(globs, LakeLayout.JSON_GZIP_SUFFIX);
        if (!json.isEmpty()) reads.add(readJson(json, t));
        List<String> parquet = withSuffix(globs, LakeLayout.PARQUET_SUFFIX);
        if (!parquet.isEmpty()) reads.add(readParquet(parquet, t));
        // read_json fails on a glob without files; an empty table keeps queries valid.
        if (reads.isEmpty()) reads.add(empty(t));
        return "CREATE VIEW " + t.name + " AS " + String.join(" UNION ALL ", reads);
    }

    private static String readJson(List<String> globs, AthenaDdl.Table t) {
        StringBuilder columns = new StringBuilder();
        for (String[] c : t.columns) {
            if (columns.length() > 0) columns.append(", ");
            columns.append(literal(c[0])).append(": ").append(literal(duckDbType(t, c)));
        }
        return "SELECT * FROM read_json("
                + list(globs)
                + ", format = 'newline_delimited', compression = 'gzip', hive_partitioning = true, "
                + "hive_types = {'dt': 'VARCHAR'}, timestampformat = '%Y-%m-%d %H:%M:%S.%g', "
                + "columns = {"
                + columns
                + "})";
    }

    /**
     * Parquet files carry their own schema (timestamps with a UTC zone); the casts give the JSON
     * view's columns and types, so both kinds of file can stand in one table.
     */
    private static String readParquet(List<String> globs, AthenaDdl.Table t) {
        return "SELECT "
                + selectEach(t, c -> "CAST(\"" + c[0] + "\" AS " + duckDbType(t, c) + ")")
                + ", dt FROM read_parquet("
                + list(globs)
                + ", hive_partitioning = true, hive_types = {'dt': 'VARCHAR'}, union_by_name = true)";
    }

    private static String empty(AthenaDdl.Table t) {
        return "SELECT "
                + selectEach(t, c -> "CAST(NULL AS " + duckDbType(t, c) + ")")
                + ", CAST(NULL AS VARCHAR) AS dt WHERE false";
    }

    private static String selectEach(AthenaDdl.Table t, Function<String[], String> value) {
        StringBuilder b = new StringBuilder();
        for (String[] c : t.columns) {
            if (b.length() > 0) b.append(", ");
            b.append(value.apply(c)).append(" AS \"").append(c[0]).append('"');
        }
        return b.toString();
    }

    private static String duckDbType(AthenaDdl.Table t, String[] column) {
        String type = DUCKDB_TYPES.get(column[1]);
        if (type == null)
            throw new IllegalArgumentException(
                    t.name + "." + column[0] + ": no DuckDB type for " + column[1]);
        return type;
    }

    private static final List<String> PART_FILE_PREFIXES =
            List.of(
                    LakeLayout.PART_PREFIX + "-",
                    LakeLayout.COMPACTED_PREFIX + LakeLayout.PART_PREFIX + "-");
    private static final List<String> PART_FILE_SUFFIXES =
            List.of(LakeLayout.JSON_GZIP_SUFFIX, LakeLayout.PARQUET_SUFFIX);

    /**
     * The globs that have files, from one walk of the table: Flink's part files and the
     * compaction's {@code compacted-part-...} files of each format, in the table's {@code dt=}
     * folders. Hidden (in-progress) files match none.
     */
    private static Set<String> partFileGlobs(Path tableDir) {
        Set<String> globs = new TreeSet<>();
        if (!Files.isDirectory(tableDir)) return globs;
        try (Stream<Path> files = Files.walk(tableDir, 2)) {
            files.filter(f -> f.getParent().getFileName().toString().startsWith("dt="))
                    .forEach(
                            f -> {
                                String name = f.getFileName().toString();
                                for (String prefix : PART_FILE_PREFIXES)
                                    for (String suffix : PART_FILE_SUFFIXES)
                                        if (name.startsWith(prefix) && name.endsWith(suffix))
                                            globs.add(tableDir + "/dt=*/" + prefix + "*" + suffix);
                            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return globs;
    }

    private static List<String> withSuffix(Set<String> globs, String suffix) {
        List<String> out = new ArrayList<>();
        for (String glob : globs) if (glob.endsWith(suffix)) out.add(glob);
        return out;
    }

    private static String list(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (String item : items) b.append(b.length() > 1 ? ", " : "").append(literal(item));
        return b.append(']').toString();
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** Runs one statement, as written in a query file (comments and a final ';' allowed). */
    public Result query(String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(withoutFinalSemicolon(sql))) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) columns.add(md.getColumnLabel(i));
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) row.add(normalize(rs.getObject(i)));
                rows.add(row);
            }
            return new Result(columns, rows);
        }
    }

    /** The query text without trailing semicolons and whitespace (JDBC takes one statement). */
    public static String withoutFinalSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
        return s;
    }

    /** Timestamps as LocalDateTime (UTC); everything else as JDBC returns it. */
    static Object normalize(Object v) {
        if (v instanceof Timestamp) return ((Timestamp) v).toLocalDateTime();
        if (v instanceof OffsetDateTime)
            return ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        return v;
    }

    /**
     * A value as the query command prints it: timestamps as yyyy-MM-dd HH:mm:ss.SSS, null as empty.
     */
    public static String text(Object v) {
        if (v == null) return "";
        if (v instanceof LocalDateTime) return MILLIS.format((LocalDateTime) v);
        return String.valueOf(v);
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
