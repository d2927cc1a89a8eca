package dev.streamlake.e2e.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the checked-in Athena (Hive) DDL mechanically to Trino's Hive connector form, which does not
 * parse {@code CREATE EXTERNAL TABLE ... ROW FORMAT SERDE ... TBLPROPERTIES}. Anything it does not
 * know fails loudly, so the DDL cannot grow a clause the fidelity test silently ignores.
 *
 * <ul>
 *   <li>{@code CREATE DATABASE} becomes {@code CREATE SCHEMA} in catalog {@code hive};
 *   <li>{@code CREATE EXTERNAL TABLE} becomes {@code CREATE TABLE ... WITH (format,
 *       external_location, partitioned_by, partition_projection_*)}: the OpenX SerDe is {@code
 *       OPENX_JSON}; the {@code projection.dt.*} properties become column properties of {@code dt};
 *   <li>{@code MSCK REPAIR TABLE} becomes {@code CALL system.sync_partition_metadata(.., 'ADD')},
 *       {@code ALTER TABLE .. ADD PARTITION} becomes {@code CALL system.register_partition(..)};
 *   <li>the lake location {@code from} (e.g. s3://YOUR-BUCKET/lake) is replaced by {@code to}.
 * </ul>
 */
public final class TrinoDdl {
    private static final Map<String, String> TYPES =
            Map.of(
                    "string",
                    "varchar",
                    "bigint",
                    "bigint",
                    "int",
                    "integer",
                    "double",
                    "double",
                    "boolean",
                    "boolean",
                    "timestamp",
                    "timestamp(3)");
    private static final Map<String, String> FORMATS =
            Map.of("org.openx.data.jsonserde.JsonSerDe", "OPENX_JSON");
    private static final Pattern CREATE_DATABASE =
            Pattern.compile(
                    "CREATE DATABASE IF NOT EXISTS (\\w+)(?:\\s+COMMENT '(?:[^'\\\\]|\\\\.)*')?",
                    Pattern.DOTALL);
    private static final Pattern CREATE_TABLE =
            Pattern.compile(
                    "CREATE EXTERNAL TABLE IF NOT EXISTS (\\w+)\\.(\\w+) \\((.*?)\\)\\s*"
                            + "COMMENT '((?:[^'\\\\]|\\\\.)*)'\\s*"
                            + "PARTITIONED BY \\(`(\\w+)` (\\w+) COMMENT '((?:[^'\\\\]|\\\\.)*)'\\)\\s*"
                            + "(?:ROW FORMAT SERDE '([^']+)'\\s*"
                            + "STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'\\s*"
                            + "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'"
                            + "|STORED AS PARQUET)\\s*"
                            + "LOCATION '([^']+)'\\s*"
                            + "TBLPROPERTIES \\((.*)\\)",
                    Pattern.DOTALL);
    private static final Pattern COLUMN =
            Pattern.compile("`(\\w+)` (\\w+)(?: COMMENT '((?:[^'\\\\]|\\\\.)*)')?");
    private static final Pattern PROPERTY = Pattern.compile("'([^']+)'\\s*=\\s*'([^']*)'");
    private static final Pattern MSCK = Pattern.compile("MSCK REPAIR TABLE (\\w+)\\.(\\w+)");
    private static final Pattern ADD_PARTITION =
            Pattern.compile(
                    "ALTER TABLE (\\w+)\\.(\\w+) ADD IF NOT EXISTS PARTITION \\((\\w+) = '([^']+)'\\) LOCATION '([^']+)'");

    private final String from;
    private final String to;
    private final String schema;

    /** Maps {@code fromLocation} to {@code toLocation}; tables go to the schema the DDL names. */
    public TrinoDdl(String fromLocation, String toLocation) {
        this(fromLocation, toLocation, null);
    }

    private TrinoDdl(String fromLocation, String toLocation, String schema) {
        this.from = fromLocation;
        this.to = toLocation;
        this.schema = schema;
    }

    /** The same mapping, with every database the DDL names replaced by {@code schema}. */
    public TrinoDdl inSchema(String schema) {
        return new TrinoDdl(from, to, schema);
    }

    private String schema(String named) {
        return schema == null ? named : schema;
    }

    /** The statements of one DDL file (comments dropped, split at ';'), each in Trino's form. */
    public List<String> map(String athenaFile) {
        List<String> out = new ArrayList<>();
        for (String statement : statements(athenaFile)) out.add(mapStatement(statement));
        return out;
    }

    static List<String> statements(String file) {
        StringBuilder code = new StringBuilder();
        for (String line : file.split("\n")) {
            if (!line.strip().startsWith("--")) code.append(line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String s : code.toString().split(";\\s*\n")) {
            String t = s.strip();
            if (t.endsWith(";")) t = t.substring(0, t.length() - 1);
            if (!t.isEmpty()) out.add(t);
        }
        return out;
    }

    String mapStatement(String s) {
        Matcher m;
        if ((m = CREATE_DATABASE.matcher(s)).matches()) {
            return "CREATE SCHEMA IF NOT EXISTS hive." + schema(m.group(1));
        }
        if ((m = MSCK.matcher(s)).matches()) {
            return "CALL hive.system.sync_partition_metadata('"
                    + schema(m.group(1))
                    + "', '"
                    + m.group(2)
                    + "', 'ADD')";
        }
        if ((m = ADD_PARTITION.matcher(s)).matches()) {
            return "CALL hive.system.register_partition('"
                    + schema(m.group(1))
                    + "', '"
                    + m.group(2)
                    + "', ARRAY['"
                    + m.group(3)
                    + "'], ARRAY['"
                    + m.group(4)
                    + "'], '"
                    + location(trimSlash(m.group(5)))
                    + "')";
        }
        if ((m = CREATE_TABLE.matcher(s)).matches()) return createTable(m);
        throw new IllegalArgumentException("no Trino mapping for: " + s);
    }

    private String createTable(Matcher m) {
        String schema = schema(m.group(1));
        String table = m.group(2);
        String partition = m.group(5);
        // No SerDe: the STORED AS PARQUET variant.
        String format = m.group(8) == null ? "PARQUET" : FORMATS.get(m.group(8));
        if (format == null) throw new IllegalArgumentException("unknown SerDe " + m.group(8));
        Map<String, String> props = new LinkedHashMap<>();
        Matcher p = PROPERTY.matcher(m.group(10));
        while (p.find()) props.put(p.group(1), p.group(2));

        StringBuilder b =
                new StringBuilder("CREATE TABLE hive.")
                        .append(schema)
                        .append('.')
                        .append(table)
                        .append(" (\n");
        Matcher c = COLUMN.matcher(m.group(3));
        int columns = 0;
        while (c.find()) {
            b.append("  ").append(c.group(1)).append(' ').append(type(c.group(2)));
            if (c.group(3) != null) b.append(" COMMENT ").append(literal(c.group(3)));
            b.append(",\n");
            columns++;
        }
        if (columns == 0) throw new IllegalArgumentException(table + ": no columns found");
        b.append("  ")
                .append(partition)
                .append(' ')
                .append(type(m.group(6)))
                .append(" COMMENT ")
                .append(literal(m.group(7)));
        List<String> tableProps =
                new ArrayList<>(
                        List.of(
                                "format = '" + format + "'",
                                "external_location = '" + location(trimSlash(m.group(9))) + "'",
                                "partitioned_by = ARRAY['" + partition + "']"));
        if ("true".equals(props.remove("projection.enabled"))) {
            String prefix = "projection." + partition + ".";
            String range = props.remove(prefix + "range");
            String[] bounds = range.split(",");
            b.append(" WITH (\n    partition_projection_type = '")
                    .append(props.remove(prefix + "type").toUpperCase())
                    .append("',\n    partition_projection_format = '")
                    .append(props.remove(prefix + "format"))
                    .append("',\n    partition_projection_range = ARRAY['")
                    .append(bounds[0].strip())
                    .append("', '")
                    .append(bounds[1].strip())
                    .append("'],\n    partition_projection_interval = ")
                    .append(props.remove(prefix + "interval"))
                    .append(",\n    partition_projection_interval_unit = '")
                    .append(props.remove(prefix + "interval.unit"))
                    .append("')");
            tableProps.add("partition_projection_enabled = true");
            tableProps.add(
                    "partition_projection_location_template = '"
                            + location(props.remove("storage.location.template"))
                            + "'");
        }
        // Glue's informational properties; Trino infers GZIP from .gz as Athena does.
        props.remove("classification");
        props.remove("compressionType");
        if (!props.isEmpty())
            throw new IllegalArgumentException(
                    table + ": no Trino mapping for properties " + props);
        b.append("\n)\nCOMMENT ")
                .append(literal(m.group(4)))
                .append("\nWITH (\n  ")
                .append(String.join(",\n  ", tableProps))
                .append("\n)");
        return b.toString();
    }

    private static String type(String hive) {
        String t = TYPES.get(hive);
        if (t == null) throw new IllegalArgumentException("no Trino type for Hive type " + hive);
        return t;
    }

    private String location(String athena) {
        if (!athena.startsWith(from))
            throw new IllegalArgumentException(athena + " is not under " + from);
        return to + athena.substring(from.length());
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** A Hive string literal's body (backslash escapes) as a Trino literal (doubled quotes). */
    private static String literal(String hiveBody) {
        return "'" + hiveBody.replaceAll("\\\\(.)", "$1").replace("'", "''") + "'";
    }
}
