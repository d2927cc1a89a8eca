package dev.streamlake.tools.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.tools.ddl.AthenaDdl;
import dev.streamlake.tools.ddl.SchemaOption;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamlake query}: SQL over the local lake on embedded DuckDB (see {@link LocalSql}), for
 * example one of the Athena example queries as it is:
 *
 * <pre>
 *   bin/streamlake query --file sql/athena-ddl/queries/records_per_hour.sql
 * </pre>
 *
 * With neither {@code --file} nor {@code --sql} it reads statements from stdin (each ending with
 * {@code ;}, a prompt when stdin is a terminal), runs each on one connection and goes on after a
 * failed one. An approximation of Athena: Trino is the reference.
 */
@Command(
        name = "query",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description =
                "SQL over the local lake (./lake) on embedded DuckDB: events, errors, anomalies and hotspots are views"
                        + " with the Athena DDL's columns. With neither --sql nor --file: an interactive prompt.")
public final class QueryCli implements Callable<Integer> {
    public enum Format {
        TABLE,
        CSV,
        JSON
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec private CommandSpec spec;

    @ArgGroup(exclusive = true)
    private Query query;

    static final class Query {
        @Option(names = "--sql", paramLabel = "TEXT", description = "The query.")
        String sql;

        @Option(names = "--file", paramLabel = "FILE", description = "A file holding the query.")
        Path file;
    }

    @Option(
            names = "--lake",
            paramLabel = "DIR",
            description = "The lake. Default: ${DEFAULT-VALUE}.")
    private Path lake = Path.of("lake");

    @Mixin private SchemaOption schema;

    @Option(
            names = "--format",
            description =
                    "Output: ${COMPLETION-CANDIDATES} (case does not matter). Default: table.")
    private Format format = Format.TABLE;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (query == null) return interactive(out, spec.commandLine().getErr());
        String sql =
                query.sql != null
                        ? query.sql
                        : Files.readString(query.file, StandardCharsets.UTF_8);
        out.print(run(lake, schema.file(), sql, format, spec.commandLine().getErr()));
        out.flush();
        return 0;
    }

    /**
     * Statements from stdin, each ending with ';', on one connection; a failed one is reported and
     * skipped.
     */
    private int interactive(PrintWriter out, PrintWriter err) throws IOException, SQLException {
        boolean terminal = System.console() != null;
        AthenaDdl ddl = schema.ddl();
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int failures = 0;
        try (LocalSql db = LocalSql.open(lake, ddl)) {
            printNotes(db, err);
            if (terminal)
                err.println(
                        "SQL over "
                                + lake
                                + " (DuckDB); end each statement with ';', quit with exit or Ctrl-D.");
            StringBuilder statement = new StringBuilder();
            while (true) {
                if (terminal) {
                    err.print(statement.length() == 0 ? "streamlake> " : "        ...> ");
                    err.flush();
                }
                String line = in.readLine();
                if (line == null) break;
                String trimmed = line.strip();
                if (statement.length() == 0
                        && (trimmed.equalsIgnoreCase("exit") || trimmed.equalsIgnoreCase("quit")))
                    break;
                statement.append(line).append('\n');
                if (!trimmed.endsWith(";")) continue;
                String sql = statement.toString().strip();
                statement.setLength(0);
                try {
                    out.print(render(db.query(sql.substring(0, sql.length() - 1)), format));
                } catch (SQLException | RuntimeException e) {
                    failures++;
                    err.println("error: " + e.getMessage());
                }
                out.flush();
                err.flush();
            }
            if (!statement.toString().isBlank()) {
                failures++;
                err.println("error: statement not ended with ';': " + statement.toString().strip());
            }
        }
        err.flush();
        return failures == 0 ? 0 : 1;
    }

    /** Runs one query over the lake and renders its result. */
    public static String run(Path lake, Path schemaFile, String sql, Format format)
            throws SQLException {
        return run(lake, schemaFile, sql, format, new PrintWriter(Writer.nullWriter()));
    }

    /** The same, with what the user should know about the lake's tables written to {@code err}. */
    static String run(Path lake, Path schemaFile, String sql, Format format, PrintWriter err)
            throws SQLException {
        AthenaDdl ddl = SchemaOption.ddl(schemaFile);
        try (LocalSql db = LocalSql.open(lake, ddl)) {
            printNotes(db, err);
            return render(db.query(sql), format);
        }
    }

    private static void printNotes(LocalSql db, PrintWriter err) {
        for (String note : db.notes()) err.println("note: " + note);
        err.flush();
    }

    public static String render(LocalSql.Result r, Format format) {
        switch (format) {
            case CSV:
                return csv(r);
            case JSON:
                return json(r);
            default:
                return table(r);
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

    /**
     * One JSON object per row (JSON lines), typed: numbers, booleans, strings, timestamps as text.
     */
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
                    else if (v instanceof Integer || v instanceof Long || v instanceof Short)
                        g.writeNumber(((Number) v).longValue());
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
