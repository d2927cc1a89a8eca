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
import java.util.stream.Stream;

/**
 * SQL over a local lake on embedded DuckDB: an approximation of Athena for zero-setup local use,
 * not Athena (Trino is the reference; see README). Views {@code events}, {@code errors} and {@code
 * anomalies} read the committed part files ({@code <lake>/<table>/dt=.../part-*.gz}) with the
 * columns and types of the generated Athena DDL, and {@code dt} from the folder names. The Athena
 * functions the example queries use are macros: {@code date_format} (MySQL-style {@code %i}/{@code
 * %s} mapped), {@code approx_percentile}, {@code json_extract_scalar}. The session time zone is
 * UTC, as Athena's.
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

    private LocalSql(Connection db) {
        this.db = db;
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
        return new LocalSql(db);
    }

    /**
     * The CREATE VIEW of one table: every column listed and typed, as DuckDB needs to be fast and
     * right.
     */
    static String view(Path lake, AthenaDdl.Table t) {
        Path dir = lake.resolve(t.name).toAbsolutePath().normalize();
        StringBuilder columns = new StringBuilder();
        StringBuilder empty = new StringBuilder();
        for (String[] c : t.columns) {
            String type = DUCKDB_TYPES.get(c[1]);
            if (type == null)
                throw new IllegalArgumentException(
                        t.name + "." + c[0] + ": no DuckDB type for " + c[1]);
            if (columns.length() > 0) {
                columns.append(", ");
                empty.append(", ");
            }
            columns.append('\'').append(c[0]).append("': '").append(type).append('\'');
            empty.append("CAST(NULL AS ").append(type).append(") AS \"").append(c[0]).append('"');
        }
        if (!hasCommittedFiles(dir)) {
            // read_json fails on a glob without files; an empty table keeps queries valid.
            return "CREATE VIEW "
                    + t.name
                    + " AS SELECT "
                    + empty
                    + ", CAST(NULL AS VARCHAR) AS dt WHERE false";
        }
        return "CREATE VIEW "
                + t.name
                + " AS SELECT * FROM read_json('"
                + dir.toString().replace("'", "''")
                + "/dt=*/"
                + LakeLayout.PART_PREFIX
                + "-*.gz', "
                + "format = 'newline_delimited', compression = 'gzip', hive_partitioning = true, "
                + "hive_types = {'dt': 'VARCHAR'}, timestampformat = '%Y-%m-%d %H:%M:%S.%g', "
                + "columns = {"
                + columns
                + "})";
    }

    private static boolean hasCommittedFiles(Path tableDir) {
        if (!Files.isDirectory(tableDir)) return false;
        try (Stream<Path> files = Files.walk(tableDir, 2)) {
            return files.anyMatch(
                    f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(LakeLayout.PART_PREFIX + "-")
                                && name.endsWith(".gz")
                                && f.getParent().getFileName().toString().startsWith("dt=");
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
