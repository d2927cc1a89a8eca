package dev.streamlake.job.config;

import dev.streamlake.udfs.hotspots.HotspotParams;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.ColumnType;
import dev.streamlake.udfs.schema.TableSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;

/** The validated {@code hotspots.*} settings; see {@link HotspotsOptions}. */
public final class HotspotsConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String RESULT_COLUMN = "hotspots_result";

    private final boolean enabled;
    private final List<String> columns;
    private final int[] columnIndexes;
    private final HotspotParams params;
    private final HotspotsOptions.Scope scope;

    private HotspotsConfig(boolean enabled, List<String> columns, int[] columnIndexes, HotspotParams params,
            HotspotsOptions.Scope scope) {
        this.enabled = enabled;
        this.columns = columns;
        this.columnIndexes = columnIndexes;
        this.params = params;
        this.scope = scope;
    }

    /** Reads and checks the settings against the declared schema; errors name the key. */
    public static HotspotsConfig from(ReadableConfig conf, TableSchema schema) {
        boolean enabled = conf.get(HotspotsOptions.ENABLED);
        List<String> columns = Collections.unmodifiableList(new ArrayList<>(conf.get(HotspotsOptions.COLUMNS)));
        HotspotsOptions.Scope scope = conf.get(HotspotsOptions.SCOPE);
        if (!enabled) return new HotspotsConfig(false, columns, new int[0], null, scope);
        String key = HotspotsOptions.COLUMNS.key();
        if (columns.isEmpty()) throw new IllegalArgumentException(key + ": required when hotspots are on");
        int[] indexes = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            int index = schema.indexOf(columns.get(i));
            if (index < 0) throw new IllegalArgumentException(key + ": no column named '" + columns.get(i) + "'");
            ColumnType type = schema.column(index).type();
            if (type != ColumnType.DOUBLE && type != ColumnType.INT && type != ColumnType.BIGINT) {
                throw new IllegalArgumentException(key + ": column '" + columns.get(i) + "' is "
                        + type.name().toLowerCase() + ", not double, int or bigint");
            }
            indexes[i] = index;
        }
        if (schema.indexOf(RESULT_COLUMN) >= 0) {
            throw new IllegalArgumentException(
                    HotspotsOptions.ENABLED.key() + ": the schema already has a column " + RESULT_COLUMN);
        }
        Double radius = conf.getOptional(HotspotsOptions.SCAN_RADIUS).orElseThrow(() ->
                new IllegalArgumentException(HotspotsOptions.SCAN_RADIUS.key() + ": required when hotspots are on"));
        HotspotParams params;
        try {
            params = HotspotParams.of(conf.get(HotspotsOptions.WINDOW_SIZE), radius,
                    conf.get(HotspotsOptions.MINIMUM_POINTS));
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            String k = m.startsWith("windowSize") ? HotspotsOptions.WINDOW_SIZE.key()
                    : m.startsWith("scanRadius") ? HotspotsOptions.SCAN_RADIUS.key()
                    : HotspotsOptions.MINIMUM_POINTS.key();
            throw new IllegalArgumentException(k + ": " + m.substring(m.indexOf(':') + 2), e);
        }
        return new HotspotsConfig(true, columns, indexes, params, scope);
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

    /** The column hotspot detection appends to every event row. */
    public static List<Column> resultColumns() {
        return List.of(Column.computed(RESULT_COLUMN, ColumnType.STRING,
                "KDA's HOTSPOTS_RESULT JSON: the hotspots of the window ending at this event"
                        + " (density, maxValues, minValues per hotspot)."));
    }
}
