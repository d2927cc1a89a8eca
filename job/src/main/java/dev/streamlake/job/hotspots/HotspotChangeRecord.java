package dev.streamlake.job.hotspots;

import dev.streamlake.udfs.hotspots.Hotspot;
import dev.streamlake.udfs.hotspots.HotspotChange;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * A hotspot that appeared, moved or disappeared with one event: what the {@code hotspots} lake
 * table is to hold (bounds as JSON arrays in the order of {@code columns}). A POJO, no Kryo.
 */
public class HotspotChangeRecord {
    /** The window: "" for the global one, else the record key. */
    public String windowKey;
    /** APPEARED, MOVED or DISAPPEARED. */
    public String change;
    public long hotspotId;
    public int points;
    public double density;
    /** The hotspot columns, separated by ';'. */
    public String columns;
    public String minValues;
    public String maxValues;

    public HotspotChangeRecord() {}

    static HotspotChangeRecord of(String windowKey, List<String> columns, HotspotChange change, Row event) {
        HotspotChangeRecord r = new HotspotChangeRecord();
        Hotspot h = change.hotspot();
        r.windowKey = windowKey;
        r.change = change.kind().name();
        r.hotspotId = h.id();
        r.points = h.points();
        r.density = h.density();
        r.columns = String.join(";", columns);
        r.minValues = json(h.minValues());
        r.maxValues = json(h.maxValues());
        return r;
    }

    private static String json(double[] values) {
        return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(",", "[", "]"));
    }

    public static TypeInformation<HotspotChangeRecord> typeInfo() {
        return Types.POJO(HotspotChangeRecord.class);
    }

    @Override
    public String toString() {
        return change + " #" + hotspotId + " " + points + " points, density " + density + ", " + columns
                + " from " + minValues + " to " + maxValues;
    }
}
