package dev.streamlake.udfs.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The declared schema of the lake's {@code events} table: the single source of truth for
 * validation, the records' Flink type, the writers and the Athena DDL.
 *
 * <p>A schema file is a JSON object:
 *
 * <pre>{@code
 * { "table": "events",
 *   "key": "device_id",                       // the record key (per-key state, partition keys)
 *   "event_time": "event_time",               // a timestamp column; drives the dt= partition
 *   "timestamp_formats": ["iso8601", "epoch_millis", "epoch_seconds"],
 *   "columns": [
 *     {"name": "device_id", "type": "string", "required": true},
 *     {"name": "event_time", "type": "timestamp", "required": true, "source": "ts"},
 *     {"name": "status", "type": "string", "default": "OK"},
 *     {"name": "arrival_time", "type": "timestamp", "source": "$arrival_time"} ] }
 * }</pre>
 */
public final class TableSchema implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP_LEVEL_KEYS =
            Set.of("table", "description", "key", "event_time", "timestamp_formats", "columns");
    private static final Set<String> COLUMN_KEYS =
            Set.of("name", "type", "required", "source", "default", "description");

    private final String table;
    private final List<Column> columns;
    private final int keyIndex;
    private final int eventTimeIndex;
    private final Set<TimestampFormat> timestampFormats;
    private final Map<String, Integer> indexByName;

    private TableSchema(
            String table,
            List<Column> columns,
            String key,
            String eventTime,
            Set<TimestampFormat> timestampFormats) {
        this.table = table;
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
        this.timestampFormats = Collections.unmodifiableSet(EnumSet.copyOf(timestampFormats));
        this.indexByName = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (indexByName.put(columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException(
                        "columns: '" + columns.get(i).name() + "' is declared twice");
            }
        }
        Set<String> sources = new java.util.HashSet<>();
        for (Column c : columns) {
            if (!c.isMetadata() && !sources.add(c.source())) {
                // One input field fills one column; a second would silently stay empty.
                throw new IllegalArgumentException(
                        "columns: input field '" + c.source() + "' is the source of two columns");
            }
        }
        this.keyIndex = requireColumn("key", key);
        this.eventTimeIndex = requireColumn("event_time", eventTime);
        if (columns.get(eventTimeIndex).type() != ColumnType.TIMESTAMP) {
            throw new IllegalArgumentException(
                    "event_time: column '" + eventTime + "' must have type timestamp");
        }
        Column eventTimeColumn = columns.get(eventTimeIndex);
        if (!eventTimeColumn.required() || eventTimeColumn.isMetadata()) {
            // The event time picks the record's partition, so every record must carry its own.
            throw new IllegalArgumentException(
                    "event_time: column '"
                            + eventTime
                            + "' must be required and come from the record");
        }
    }

    private int requireColumn(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + ": not set");
        }
        Integer i = indexByName.get(name);
        if (i == null) {
            throw new IllegalArgumentException(what + ": no column named '" + name + "'");
        }
        return i;
    }

    public String table() {
        return table;
    }

    public List<Column> columns() {
        return columns;
    }

    public int size() {
        return columns.size();
    }

    public Column column(int index) {
        return columns.get(index);
    }

    /** The position of a column, or -1. */
    public int indexOf(String name) {
        Integer i = indexByName.get(name);
        return i == null ? -1 : i;
    }

    public int keyIndex() {
        return keyIndex;
    }

    public int eventTimeIndex() {
        return eventTimeIndex;
    }

    public Set<TimestampFormat> timestampFormats() {
        return timestampFormats;
    }

    /**
     * This schema with columns appended that the job computes itself (not read from the input),
     * e.g. {@code anomaly_score}: the written table's schema, for its row type and encoder.
     */
    public TableSchema withColumns(List<Column> computed) {
        List<Column> all = new ArrayList<>(columns);
        all.addAll(computed);
        return new TableSchema(
                table,
                all,
                columns.get(keyIndex).name(),
                columns.get(eventTimeIndex).name(),
                timestampFormats);
    }

    // ---------------------------------------------------------------------------------------
    // Loading

    /** Parses a schema file's text; every error message names the element at fault. */
    public static TableSchema parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("schema is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("schema must be a JSON object");
        }
        rejectUnknownKeys(root, TOP_LEVEL_KEYS, "");
        String table = text(root, "table", "events");
        Set<TimestampFormat> formats = EnumSet.noneOf(TimestampFormat.class);
        JsonNode formatNode = root.get("timestamp_formats");
        if (formatNode == null) {
            formats.addAll(EnumSet.allOf(TimestampFormat.class));
        } else {
            if (!formatNode.isArray() || formatNode.isEmpty()) {
                throw new IllegalArgumentException("timestamp_formats: expected a non-empty array");
            }
            formatNode.forEach(f -> formats.add(TimestampFormat.parse(f.asText())));
        }
        JsonNode columnNodes = root.get("columns");
        if (columnNodes == null || !columnNodes.isArray() || columnNodes.isEmpty()) {
            throw new IllegalArgumentException("columns: expected a non-empty array");
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < columnNodes.size(); i++) {
            String where = "columns[" + i + "]";
            try {
                columns.add(column(columnNodes.get(i), where));
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(where)
                        ? e
                        : new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new TableSchema(
                table, columns, text(root, "key", null), text(root, "event_time", null), formats);
    }

    /** Loads a schema file. */
    public static TableSchema load(java.nio.file.Path file) {
        try {
            return parse(java.nio.file.Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file, e);
        }
    }

    private static Column column(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object");
        }
        rejectUnknownKeys(node, COLUMN_KEYS, where + ".");
        String name = text(node, "name", null);
        if (name == null || !name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException(
                    where
                            + ".name: expected lower-case letters, digits and '_' (Athena folds"
                            + " names to lower case), got '"
                            + name
                            + "'");
        }
        ColumnType type = ColumnType.parse(text(node, "type", "?"));
        JsonNode requiredNode = node.path("required");
        if (!requiredNode.isMissingNode() && !requiredNode.isBoolean()) {
            throw new IllegalArgumentException(
                    where + ".required: expected true or false, got " + requiredNode);
        }
        boolean required = requiredNode.asBoolean(false);
        String source = text(node, "source", null);
        if (source != null && source.startsWith("$")) {
            ArrivalField field = ArrivalField.of(source);
            if (field.type() != type) {
                throw new IllegalArgumentException(
                        where
                                + ": metadata "
                                + source
                                + " has type "
                                + field.type().name().toLowerCase()
                                + ", not "
                                + type.name().toLowerCase());
            }
        }
        JsonNode defaultNode = node.get("default");
        Object defaultValue = null;
        if (defaultNode != null && !defaultNode.isNull()) {
            if (required) {
                throw new IllegalArgumentException(
                        where + ".default: a required column cannot have a default");
            }
            defaultValue = defaultValue(type, defaultNode, where + ".default");
        }
        return new Column(
                name, type, required, source, defaultValue, text(node, "description", ""));
    }

    private static Object defaultValue(ColumnType type, JsonNode node, String where) {
        switch (type) {
            case STRING:
                if (node.isTextual()) return node.asText();
                break;
            case BIGINT:
                if (node.canConvertToLong() && node.isIntegralNumber()) return node.asLong();
                break;
            case INT:
                if (node.canConvertToInt() && node.isIntegralNumber()) return node.asInt();
                break;
            case DOUBLE:
                if (node.isNumber()) return node.asDouble();
                break;
            case BOOLEAN:
                if (node.isBoolean()) return node.asBoolean();
                break;
            case JSON:
                return node.toString();
            case TIMESTAMP:
                if (node.isTextual()) {
                    long millis = Timestamps.parseIso(node.asText());
                    if (millis != Timestamps.INVALID) return millis;
                }
                break;
        }
        throw new IllegalArgumentException(
                where + ": " + node + " is not a " + type.name().toLowerCase());
    }

    private static void rejectUnknownKeys(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new IllegalArgumentException(
                        prefix
                                + k
                                + ": unknown key; expected one of "
                                + new java.util.TreeSet<>(known));
            }
        }
    }

    private static String text(JsonNode node, String field, String orElse) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return orElse;
        if (v.getNodeType() != JsonNodeType.STRING) {
            throw new IllegalArgumentException(field + ": expected a string, got " + v);
        }
        return v.asText();
    }
}
