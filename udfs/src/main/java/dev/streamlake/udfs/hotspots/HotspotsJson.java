package dev.streamlake.udfs.hotspots;

import java.util.List;

/**
 * KDA's {@code HOTSPOTS_RESULT}: {@code
 * {"hotspots":[{"density":…,"maxValues":[…],"minValues":[…]}]}}, keys in KDA's order, one value per
 * input column. Numbers are Java's shortest round-trip decimal form (valid JSON: every value is
 * finite).
 */
public final class HotspotsJson {
    private HotspotsJson() {}

    public static String of(List<Hotspot> hotspots) {
        StringBuilder b = new StringBuilder(24 + hotspots.size() * 64);
        b.append("{\"hotspots\":[");
        for (int h = 0; h < hotspots.size(); h++) {
            Hotspot spot = hotspots.get(h);
            if (h > 0) b.append(',');
            b.append("{\"density\":").append(spot.density()).append(",\"maxValues\":[");
            values(b, spot, true);
            b.append("],\"minValues\":[");
            values(b, spot, false);
            b.append("]}");
        }
        return b.append("]}").toString();
    }

    private static void values(StringBuilder b, Hotspot spot, boolean max) {
        int columns = spot.columns();
        for (int i = 0; i < columns; i++) {
            if (i > 0) b.append(',');
            b.append(max ? spot.maxValue(i) : spot.minValue(i));
        }
    }
}
