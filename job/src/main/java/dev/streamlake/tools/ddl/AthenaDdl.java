package dev.streamlake.tools.ddl;

import dev.streamlake.job.config.HotspotsConfig;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.ScoreOutputs;
import dev.streamlake.udfs.lake.FailedRecordEncoder;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Athena DDL of the lake's tables, derived from the declared schema, the errors table's fixed
 * columns and {@link LakeLayout}: what {@code sql/athena-ddl/} holds (see {@link AthenaDdlCli}).
 *
 * <p>Tables are JSON through the OpenX SerDe (Athena infers GZIP from {@code .gz}), partitioned by
 * {@code dt string} ({@link LakeLayout#DT_FORMAT}, UTC hours). The projection variant lets Athena
 * compute partitions (no crawler, no {@code MSCK REPAIR}); the plain variant registers them with
 * {@code ALTER TABLE ... ADD PARTITION} or {@code MSCK REPAIR TABLE}.
 *
 * <p>With scoring on ({@link #forJob}), the events table ends with the columns scoring appends
 * ({@link JobConfig#eventsSchema()}); the anomalies table always has them.
 */
public final class AthenaDdl {
    public static final String SERDE = "org.openx.data.jsonserde.JsonSerDe";
    public static final String DEFAULT_DATABASE = "streamlake";

    /** A placeholder users replace with their {@code lake.path} (or regenerate with --location). */
    public static final String DEFAULT_LOCATION = "s3://YOUR-BUCKET/lake";

    /**
     * First projected hour; the range ends at {@code NOW}. Same default as kda-deploy's template.
     */
    public static final String DEFAULT_PROJECTION_START = "2026-01-01-00";

    private static final Pattern DATABASE = Pattern.compile("[a-z0-9_]{1,255}");
    private static final Pattern HOUR = Pattern.compile("\\d{4}-\\d\\d-\\d\\d-\\d\\d");

    /**
     * One lake table: its name, what it holds, its columns (name to Athena type, with comments).
     */
    public static final class Table {
        public final String name;
        public final String comment;
        public final String partitionComment;
        public final List<String[]> columns; // {name, type, comment}

        Table(String name, String comment, String partitionComment, List<String[]> columns) {
            this.name = name;
            this.comment = comment;
            this.partitionComment = partitionComment;
            this.columns = columns;
        }

        /** Column name to Athena type, in order. */
        public Map<String, String> columnTypes() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String[] c : columns) out.put(c[0], c[1]);
            return out;
        }
    }

    private final TableSchema schema;
    private final String schemaFile;
    private final String database;
    private final String location;
    private final String projectionStart;

    /**
     * Columns the job appends to the declared ones: in events (scores, then hotspots) and in
     * anomalies (scores).
     */
    private final List<Column> eventColumns;

    private final List<Column> scoreColumns;

    /**
     * @param schemaFile where the schema came from, named in each file's header
     * @param location the lake's base path, as the job's lake.path ({@code s3://bucket/prefix})
     * @param projectionStart first projected hour, {@code yyyy-MM-dd-HH}, or {@code NOW}-relative
     *     such as {@code NOW-30DAYS}
     */
    public AthenaDdl(
            TableSchema schema,
            String schemaFile,
            String database,
            String location,
            String projectionStart) {
        this.schema = Objects.requireNonNull(schema);
        this.schemaFile = Objects.requireNonNull(schemaFile);
        if (!DATABASE.matcher(database).matches()) {
            throw new IllegalArgumentException(
                    "--database: lower-case letters, digits and _ only, got " + database);
        }
        if (!location.startsWith("s3://") || location.length() <= "s3://".length()) {
            throw new IllegalArgumentException(
                    "--location: expected s3://bucket[/prefix], got " + location);
        }
        if (!HOUR.matcher(projectionStart).matches()
                && !projectionStart.matches("NOW(-\\d+(HOURS?|DAYS?|MONTHS?|YEARS?))?")) {
            throw new IllegalArgumentException(
                    "--projection-start: expected yyyy-MM-dd-HH or NOW-<n>DAYS (etc.), got "
                            + projectionStart);
        }
        this.database = database;
        this.location =
                location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        this.projectionStart = projectionStart;
        this.eventColumns = List.of();
        this.scoreColumns = List.of();
    }

    private AthenaDdl(AthenaDdl other, List<Column> eventColumns, List<Column> scoreColumns) {
        this.schema = other.schema;
        this.schemaFile = other.schemaFile;
        this.database = other.database;
        this.location = other.location;
        this.projectionStart = other.projectionStart;
        this.eventColumns = List.copyOf(eventColumns);
        this.scoreColumns = List.copyOf(scoreColumns);
    }

    /**
     * This DDL for the lake a job of {@code cfg} writes: the events table gets the columns scoring
     * and hotspot detection append when they are on (those of {@link JobConfig#eventsSchema()}
     * after the declared ones), the anomalies table those of {@link JobConfig#scoredSchema()}.
     */
    public AthenaDdl forJob(JobConfig cfg) {
        List<Column> events = cfg.eventsSchema().columns();
        List<Column> scored = cfg.scoredSchema().columns();
        int declared = cfg.schema().size();
        return new AthenaDdl(
                this,
                events.subList(declared, events.size()),
                scored.subList(declared, scored.size()));
    }

    /** The checked-in DDL's settings, for the schema in {@code schemaFile}. */
    public AthenaDdl(TableSchema schema, String schemaFile) {
        this(schema, schemaFile, DEFAULT_DATABASE, DEFAULT_LOCATION, DEFAULT_PROJECTION_START);
    }

    // ---------------------------------------------------------------------------------------
    // The tables

    public List<Table> tables() {
        return List.of(events(), errors(), anomalies(), hotspots());
    }

    public Table events() {
        List<Column> all = new ArrayList<>(schema.columns());
        all.addAll(eventColumns);
        return new Table(
                LakeLayout.EVENTS,
                "Valid, transformed records ("
                        + schema.table()
                        + " schema); dt is the event hour, UTC.",
                "Event hour, UTC (yyyy-MM-dd-HH)",
                columnsOf(all));
    }

    public Table errors() {
        List<String[]> columns = new ArrayList<>();
        for (String[] c : FailedRecordEncoder.COLUMNS)
            columns.add(new String[] {c[0], c[1], ERROR_COMMENTS.get(c[0])});
        return new Table(
                LakeLayout.ERRORS,
                "Records that failed parsing, validation or transformation; dt is the arrival hour, UTC.",
                "Arrival hour, UTC (yyyy-MM-dd-HH)",
                columns);
    }

    /**
     * Scored events over the threshold (written only with scoring.enabled): events plus the scores.
     */
    public Table anomalies() {
        List<Column> all = new ArrayList<>(schema.columns());
        all.addAll(scoreColumns.isEmpty() ? ScoreOutputs.defaults().columns() : scoreColumns);
        return new Table(
                LakeLayout.ANOMALIES,
                "Events whose anomaly score reached scoring.threshold (only with scoring.enabled); dt is the event hour, UTC.",
                "Event hour, UTC (yyyy-MM-dd-HH)",
                columnsOf(all));
    }

    /** Hotspot changes (written only with hotspots.enabled); see docs/HOTSPOTS.md. */
    public Table hotspots() {
        return new Table(
                LakeLayout.HOTSPOTS,
                "Hotspots that appeared, moved or disappeared (only with hotspots.enabled); dt is the event hour, UTC.",
                "Event hour, UTC (yyyy-MM-dd-HH)",
                columnsOf(HotspotsConfig.changesSchema(schema).columns()));
    }

    private static final Map<String, String> ERROR_COMMENTS =
            Map.of(
                    "error_type",
                            "Why the record failed: OVERSIZED, INVALID_UTF8, MALFORMED_JSON, ... (see README).",
                    "error_message", "Details; names the column or the transform step at fault.",
                    "payload", "The raw record: text, or base64 when it is not valid UTF-8.",
                    "payload_encoding", "utf8 or base64.",
                    "stream", "The Kinesis stream it was read from.",
                    "shard_id", "The Kinesis shard it was read from.",
                    "sequence_number", "Its Kinesis sequence number.",
                    "partition_key", "Its Kinesis partition key.",
                    "arrival_time",
                            "When Kinesis received the record (UTC); picks the dt= partition.");

    private static List<String[]> columnsOf(List<Column> columns) {
        List<String[]> out = new ArrayList<>();
        for (Column c : columns)
            out.add(new String[] {c.name(), c.type().athenaType(), c.description()});
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // The statements

    public String createDatabase() {
        return header("the database")
                + "CREATE DATABASE IF NOT EXISTS "
                + database
                + "\n"
                + "  COMMENT 'streamlake lake tables (GZIP JSON lines, hourly dt partitions, UTC)';\n";
    }

    /** CREATE EXTERNAL TABLE with partition projection on dt: partitions need no registering. */
    public String createProjected(Table t) {
        return header(
                        "table "
                                + t.name
                                + ", partition projection on dt (no crawler, no MSCK REPAIR)")
                + createTable(t, false)
                + projection(t);
    }

    /**
     * The same table when the job writes it as Parquet ({@code lake.events.format=parquet} or
     * {@code lake.errors.format=parquet}): Parquet maps columns by name, timestamps are INT64
     * TIMESTAMP(MILLIS, UTC) and json columns strings, so the columns are the JSON table's.
     */
    public String createParquet(Table t) {
        return header("table " + t.name + " written as Parquet, partition projection on dt")
                + createTable(t, true)
                + projection(t);
    }

    /**
     * The same table as Apache Iceberg ({@code lake.<table>.format=iceberg}): Athena's {@code
     * CREATE TABLE ... 'table_type'='ICEBERG'}, partitioned by the hour of its time column (hidden:
     * no {@code dt} column; filter on the time column itself). The job creates this table itself in
     * the Glue database when it is missing; created here first, the job finds it and uses it.
     * Timestamps are Iceberg's {@code timestamp} (without zone), as the job writes them.
     */
    public String createIceberg(Table t) {
        String time =
                t.name.equals(LakeLayout.ERRORS)
                        ? "arrival_time"
                        : schema.column(schema.eventTimeIndex()).name();
        StringBuilder b =
                new StringBuilder(
                        header(
                                "table "
                                        + t.name
                                        + " as Apache Iceberg, hidden partitioning by hour("
                                        + time
                                        + ")"));
        b.append("-- ").append(t.comment.replace("dt is the", "partitioned by the")).append('\n');
        appendCreate(b, "CREATE TABLE IF NOT EXISTS ", t);
        b.append("PARTITIONED BY (hour(`").append(time).append("`))\n");
        b.append("LOCATION '").append(tableLocation(t)).append("/'\n");
        b.append(
                "TBLPROPERTIES (\n"
                        + "  'table_type' = 'ICEBERG',\n"
                        + "  'format' = 'parquet',\n"
                        + "  'write_compression' = 'snappy'\n"
                        + ");\n");
        return b.toString();
    }

    private String projection(Table t) {
        return "TBLPROPERTIES (\n"
                + "  'projection.enabled' = 'true',\n"
                + "  'projection.dt.type' = 'date',\n"
                + "  'projection.dt.format' = '"
                + LakeLayout.DT_FORMAT
                + "',\n"
                + "  'projection.dt.range' = '"
                + projectionStart
                + ",NOW',\n"
                + "  'projection.dt.interval' = '1',\n"
                + "  'projection.dt.interval.unit' = 'HOURS',\n"
                + "  'storage.location.template' = '"
                + tableLocation(t)
                + "/"
                + LakeLayout.TEMPLATE
                + "'\n"
                + ");\n";
    }

    /**
     * CREATE EXTERNAL TABLE without projection: partitions are registered by the statements of
     * {@link #partitions}.
     */
    public String createPlain(Table t) {
        return header("table " + t.name + ", partitions registered by plain/partitions.sql")
                + createTable(t, false)
                + "TBLPROPERTIES ('classification' = 'json', 'compressionType' = 'gzip');\n";
    }

    /** ADD PARTITION for one hour, and MSCK REPAIR for all, per table of the plain variant. */
    public String partitions() {
        StringBuilder b =
                new StringBuilder(
                        header("partitions of the plain tables (not needed with projection)"));
        b.append(
                "-- Either register each new hour as it starts (cheap; the hour below is an example):\n");
        for (Table t : tables()) {
            b.append("ALTER TABLE ")
                    .append(database)
                    .append('.')
                    .append(t.name)
                    .append(" ADD IF NOT EXISTS PARTITION (dt = '2026-11-27-09') LOCATION '")
                    .append(tableLocation(t))
                    .append("/dt=2026-11-27-09/';\n");
        }
        b.append(
                "\n-- or let Athena find every dt=... folder (lists the whole table; slow on big lakes):\n");
        for (Table t : tables())
            b.append("MSCK REPAIR TABLE ")
                    .append(database)
                    .append('.')
                    .append(t.name)
                    .append(";\n");
        return b.toString();
    }

    /** File name (relative to sql/athena-ddl/) to content, in the order to run them. */
    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("create-database.sql", createDatabase());
        for (Table t : tables()) files.put("projection/" + t.name + ".sql", createProjected(t));
        for (Table t : tables()) files.put("plain/" + t.name + ".sql", createPlain(t));
        files.put("plain/partitions.sql", partitions());
        for (Table t : tables()) files.put("parquet/" + t.name + ".sql", createParquet(t));
        for (Table t : tables()) files.put("iceberg/" + t.name + ".sql", createIceberg(t));
        return files;
    }

    public String tableLocation(Table t) {
        return location + "/" + t.name;
    }

    /** {@code create} then the table's name and its column list, each with its comment. */
    private void appendCreate(StringBuilder b, String create, Table t) {
        b.append(create).append(database).append('.').append(t.name).append(" (\n");
        for (int i = 0; i < t.columns.size(); i++) {
            String[] c = t.columns.get(i);
            b.append("  `").append(c[0]).append("` ").append(c[1]);
            if (c[2] != null && !c[2].isEmpty())
                b.append(" COMMENT '").append(quote(c[2])).append('\'');
            b.append(i + 1 < t.columns.size() ? ",\n" : "\n");
        }
        b.append(")\n");
    }

    private String createTable(Table t, boolean parquet) {
        StringBuilder b = new StringBuilder();
        appendCreate(b, "CREATE EXTERNAL TABLE IF NOT EXISTS ", t);
        b.append("COMMENT '").append(quote(t.comment)).append("'\n");
        b.append("PARTITIONED BY (`dt` string COMMENT '")
                .append(quote(t.partitionComment))
                .append("')\n");
        if (parquet) {
            b.append("STORED AS PARQUET\n");
        } else {
            b.append("ROW FORMAT SERDE '").append(SERDE).append("'\n");
            b.append("STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'\n");
            b.append(
                    "  OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n");
        }
        b.append("LOCATION '").append(tableLocation(t)).append("/'\n");
        return b.toString();
    }

    private String header(String what) {
        return "-- streamlake Athena DDL: "
                + what
                + ".\n"
                + "-- Generated from "
                + schemaFile
                + " by dev.streamlake.tools.ddl.AthenaDdlCli; do not edit.\n"
                + (location.equals(DEFAULT_LOCATION)
                        ? "-- Replace "
                                + DEFAULT_LOCATION
                                + " with your lake.path, or regenerate with --location.\n"
                        : "")
                + "\n";
    }

    /** A Hive string literal's body: backslash and quote escaped with a backslash. */
    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }
}
