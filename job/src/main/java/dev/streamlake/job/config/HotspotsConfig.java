package dev.streamlake.job.config;

import dev.streamlake.udfs.hotspots.HotspotParams;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.ColumnType;
import dev.streamlake.udfs.schema.TableSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** The validated {@code hotspots.*} settings; see {@link HotspotsOptions}. */
public final class HotspotsConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String RESULT_COLUMN = "hotspots_result";

    private final boolean enabled;
    private final List<String> columns;
    private final int[] columnIndexes;
    private final HotspotParams params;
    private final HotspotsOptions.Scope scope;
    private final int eventTimeIndex;

    private HotspotsConfig(
            boolean enabled,
            List<String> columns,
            int[] columnIndexes,
            HotspotParams params,
            HotspotsOptions.Scope scope,
            int eventTimeIndex) {
        this.enabled = enabled;
        this.eventTimeIndex = eventTimeIndex;
        this.columns = columns;
        this.columnIndexes = columnIndexes;
        this.params = params;
        this.scope = scope;
    }

    /** Reads and checks the settings against the declared schema; errors name the key. */
    public static HotspotsConfig from(OptionReader options, TableSchema schema) {
        boolean enabled = options.get(HotspotsOptions.ENABLED);
        List<String> columns =
                Collections.unmodifiableList(new ArrayList<>(options.get(HotspotsOptions.COLUMNS)));
        HotspotsOptions.Scope scope = options.get(HotspotsOptions.SCOPE);
        if (!enabled)
            return new HotspotsConfig(
                    false, columns, new int[0], null, scope, schema.eventTimeIndex());
        ConfigOption<List<String>> key = HotspotsOptions.COLUMNS;
        if (columns.isEmpty()) throw OptionReader.invalid(key, "required when hotspots are on");
        int[] indexes = NumericColumns.indexes(key, columns, schema);
        if (schema.indexOf(RESULT_COLUMN) >= 0) {
            throw OptionReader.invalid(
                    HotspotsOptions.ENABLED, "the schema already has a column " + RESULT_COLUMN);
        }
        HotspotParams params = OptionsToUdfs.hotspotParams(options);
        return new HotspotsConfig(true, columns, indexes, params, scope, schema.eventTimeIndex());
    }

    public boolean enabled() {
        return enabled;
    }

    public List<String> columns() {
        return columns;
    }

    /** The columns' positions in the schema's rows. */
    public int[] columnIndexes() {
        return columnIndexes.clone();
    }

    public HotspotParams params() {
        return params;
    }

    public HotspotsOptions.Scope scope() {
        return scope;
    }

    /** Where the event time is in the events' rows (epoch millis). */
    public int eventTimeIndex() {
        return eventTimeIndex;
    }

    /**
     * Columns of the {@code hotspots} table after its event time (which is the events schema's).
     */
    public static final List<Column> CHANGE_COLUMNS =
            List.of(
                    Column.computed(
                            "window_key",
                            ColumnType.STRING,
                            "The window: empty for the global one (hotspots.scope GLOBAL), else the record key."),
                    Column.computed(
                            "change_type",
                            ColumnType.STRING,
                            "APPEARED, MOVED (its bounds changed) or DISAPPEARED."),
                    Column.computed(
                            "hotspot_id",
                            ColumnType.BIGINT,
                            "Follows one hotspot while it lives, within its window."),
                    Column.computed(
                            "points",
                            ColumnType.INT,
                            "Events in the hotspot (core and border points)."),
                    Column.computed(
                            "density",
                            ColumnType.DOUBLE,
                            "Points divided by the size of the hotspot (docs/HOTSPOTS.md)."),
                    Column.computed(
                            "hotspot_columns",
                            ColumnType.STRING,
                            "The hotspot columns, separated by semicolons."),
                    Column.computed(
                            "min_values",
                            ColumnType.STRING,
                            "JSON array: the smallest value per hotspot column."),
                    Column.computed(
                            "max_values",
                            ColumnType.STRING,
                            "JSON array: the largest value per hotspot column."));

    /**
     * The {@code hotspots} table: one row per hotspot change, placed by the event time of the event
     * that caused it (the events schema's event-time column, same name and meaning).
     */
    public static TableSchema changesSchema(TableSchema declared) {
        Column time = declared.column(declared.eventTimeIndex());
        StringBuilder json =
                new StringBuilder(
                                "{\"table\":\"hotspots\",\"key\":\"window_key\",\"event_time\":\"")
                        .append(time.name())
                        .append("\",\"columns\":[{\"name\":\"")
                        .append(time.name())
                        .append("\",\"type\":\"timestamp\",\"required\":true,\"description\":")
                        .append(
                                quoted(
                                        "When the event that changed the hotspot was taken; picks the dt= partition."))
                        .append('}');
        for (Column c : CHANGE_COLUMNS) {
            json.append(",{\"name\":\"")
                    .append(c.name())
                    .append("\",\"type\":\"")
                    .append(c.type().name().toLowerCase())
                    .append("\",\"description\":")
                    .append(quoted(c.description()))
                    .append('}');
        }
        return TableSchema.parse(json.append("]}").toString());
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The column hotspot detection appends to every event row. */
    public static List<Column> resultColumns() {
        return List.of(
                Column.computed(
                        RESULT_COLUMN,
                        ColumnType.STRING,
                        "The HOTSPOTS_RESULT JSON of KDA: the hotspots of the window ending at this event"
                                + " (density, maxValues, minValues per hotspot)."));
    }
}
