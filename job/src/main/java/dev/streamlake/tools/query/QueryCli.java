package dev.streamlake.tools.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.tools.ddl.AthenaDdl;
import dev.streamlake.tools.ddl.AthenaDdlCli;
import dev.streamlake.udfs.schema.TableSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code query} command: SQL over the local lake on embedded DuckDB (see {@link LocalSql}),
 * for example one of the Athena example queries as it is:
 *
 * <pre>
 *   mvn -q -Pquery -DskipTests -pl job -am package \
 *       -Dquery.args="--file sql/athena-ddl/queries/records_per_hour.sql"
 * </pre>
 *
 * Flags: {@code --file FILE} or {@code --sql TEXT}; {@code --lake DIR} (./lake);
 * {@code --schema FILE} (conf/schemas/sensor-readings.json); {@code --format table|csv|json}
 * (table). An approximation of Athena: Trino is the reference.
 */
public final class QueryCli {
    public enum Format { TABLE, CSV, JSON }

    private static final ObjectMapper JSON = new ObjectMapper();

    private QueryCli() {}

    public static void main(String[] args) throws Exception {
        String sql = null;
        Path lake = Path.of("lake");
        Path schema = AthenaDdlCli.DEFAULT_SCHEMA;
        Format format = Format.TABLE;
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + ": no value given");
            switch (args[i]) {
                case "--file": sql = Files.readString(Path.of(args[++i]), StandardCharsets.UTF_8); break;
                case "--sql": sql = args[++i]; break;
                case "--lake": lake = Path.of(args[++i]); break;
                case "--schema": schema = Path.of(args[++i]); break;
                case "--format": format = Format.valueOf(args[++i].toUpperCase(Locale.ROOT)); break;
                default: throw new IllegalArgumentException("unknown flag " + args[i] + "; expected --file or --sql,"
                        + " --lake, --schema, --format table|csv|json");
            }
        }
        if (sql == null) throw new IllegalArgumentException("give the query: --file FILE or --sql TEXT");
        System.out.print(run(lake, schema, sql, format));
    }

    /** Runs one query over the lake and renders its result. */
    public static String run(Path lake, Path schemaFile, String sql, Format format) throws SQLException {
        AthenaDdl ddl = new AthenaDdl(TableSchema.load(schemaFile), schemaFile.toString());
        try (LocalSql db = LocalSql.open(lake, ddl)) {
            return render(db.query(sql), format);
        }
    }

    public static String render(LocalSql.Result r, Format format) {
        switch (format) {
            case CSV: return csv(r);
            case JSON: return json(r);
            default: return table(r);
        }
    }

    /** Columns aligned, numbers to the right, then the row count. */
    static String table(LocalSql.Result r) {
        int n = r.columns.size();
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        for (int i = 0; i < n; i++) {
            width[i] = r.columns.get(i).length();
            numeric[i] = !r.rows.isEmpty();
        }
        for (List<Object> row : r.rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], LocalSql.text(row.get(i)).length());
                if (row.get(i) != null && !(row.get(i) instanceof Number)) numeric[i] = false;
            }
        }
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(r.columns);
        line(b, header, width, numeric);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        b.append(rule.toString().stripTrailing()).append('\n');
        for (List<Object> row : r.rows) {
            List<String> cells = new ArrayList<>();
            for (Object v : row) cells.add(LocalSql.text(v));
            line(b, cells, width, numeric);
        }
        b.append('(').append(r.rows.size()).append(r.rows.size() == 1 ? " row)\n" : " rows)\n");
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] width, boolean[] numeric) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) l.append(" | ");
            String pad = " ".repeat(width[i] - cells.get(i).length());
            l.append(numeric[i] ? pad + cells.get(i) : cells.get(i) + pad);
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }

    /** RFC 4180: a header line, fields quoted when they hold a comma, quote or line break. */
    static String csv(LocalSql.Result r) {
        StringBuilder b = new StringBuilder();
        List<List<String>> lines = new ArrayList<>();
        lines.add(r.columns);
        for (List<Object> row : r.rows) {
            List<String> cells = new ArrayList<>();
            for (Object v : row) cells.add(LocalSql.text(v));
            lines.add(cells);
        }
        for (List<String> cells : lines) {
            for (int i = 0; i < cells.size(); i++) {
                String c = cells.get(i);
                if (i > 0) b.append(',');
                b.append(c.matches("(?s).*[,\"\r\n].*") ? '"' + c.replace("\"", "\"\"") + '"' : c);
            }
            b.append("\r\n");
        }
        return b.toString();
    }

    /** One JSON object per row (JSON lines), typed: numbers, booleans, strings, timestamps as text. */
    static String json(LocalSql.Result r) {
        StringWriter out = new StringWriter();
        try {
            for (List<Object> row : r.rows) {
                JsonGenerator g = JSON.getFactory().createGenerator(out);
                g.writeStartObject();
                for (int i = 0; i < r.columns.size(); i++) {
                    Object v = row.get(i);
                    g.writeFieldName(r.columns.get(i));
                    if (v == null) g.writeNull();
                    else if (v instanceof Integer || v instanceof Long || v instanceof Short) g.writeNumber(((Number) v).longValue());
                    else if (v instanceof BigInteger) g.writeNumber((BigInteger) v);
                    else if (v instanceof BigDecimal) g.writeNumber((BigDecimal) v);
                    else if (v instanceof Number) g.writeNumber(((Number) v).doubleValue());
                    else if (v instanceof Boolean) g.writeBoolean((Boolean) v);
                    else if (v instanceof LocalDateTime) g.writeString(LocalSql.text(v));
                    else g.writeString(String.valueOf(v));
                }
                g.writeEndObject();
                g.flush();
                out.write('\n');
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
