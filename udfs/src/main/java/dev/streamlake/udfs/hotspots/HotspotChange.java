package dev.streamlake.udfs.hotspots;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the {@code hotspots} lake table: a hotspot appeared, moved (its bounds changed) or
 * disappeared between two consecutive windows. A change of its point count alone, bounds equal, is
 * not a change here (it happens on most records; {@code hotspots_result} has it). Immutable.
 */
public final class HotspotChange {
    /** What happened to the hotspot. */
    public enum Kind {
        APPEARED,
        MOVED,
        DISAPPEARED
    }

    private final Kind kind;
    private final Hotspot hotspot;

    private HotspotChange(Kind kind, Hotspot hotspot) {
        this.kind = kind;
        this.hotspot = hotspot;
    }

    public Kind kind() {
        return kind;
    }

    /** The hotspot after the change; for DISAPPEARED, as it was last. */
    public Hotspot hotspot() {
        return hotspot;
    }

    /**
     * The changes from {@code before} to {@code after} (both as {@link HotspotDetector} gives
     * them).
     */
    public static List<HotspotChange> between(List<Hotspot> before, List<Hotspot> after) {
        if (before == after)
            return List.of(); // the detector hands back the same list when nothing changed
        Map<Long, Hotspot> old = new HashMap<>();
        for (Hotspot h : before) old.put(h.id(), h);
        List<HotspotChange> changes = new ArrayList<>();
        for (Hotspot h : after) {
            Hotspot was = old.remove(h.id());
            if (was == null) {
                changes.add(new HotspotChange(Kind.APPEARED, h));
            } else if (!Arrays.equals(was.minValues(), h.minValues())
                    || !Arrays.equals(was.maxValues(), h.maxValues())) {
                changes.add(new HotspotChange(Kind.MOVED, h));
            }
        }
        for (Hotspot h : before) {
            if (old.containsKey(h.id())) changes.add(new HotspotChange(Kind.DISAPPEARED, h));
        }
        return changes;
    }

    @Override
    public String toString() {
        return kind + " " + hotspot;
    }
}
