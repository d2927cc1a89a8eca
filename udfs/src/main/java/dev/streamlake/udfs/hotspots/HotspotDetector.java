package dev.streamlake.udfs.hotspots;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * KDA SQL's {@code HOTSPOTS} over a sliding window of the last {@code windowSize} points, kept up
 * to date incrementally: each {@link #add} inserts one point and drops the oldest, and only the
 * hotspots within reach of those two points are recomputed. The definition it maintains is stated
 * in docs/HOTSPOTS.md; {@code HotspotReference} (tests) computes it from scratch.
 *
 * <p><b>How.</b> Every point keeps its neighbour list (points within {@code scanRadius}) and count.
 * Neighbours are found through a hash grid of cells {@code scanRadius·1.001} wide over the first
 * (up to) three columns, so only the 3, 9 or 27 adjacent cells are searched; points too far out for
 * exact cell arithmetic ({@code |x / cell| ≥ 2^40}) are kept in a list that every search also
 * scans, and search everything themselves (correct, only slower). A hotspot is a connected set of
 * core points; when a point enters or leaves, the hotspots of it and its neighbours (and of
 * neighbours that became or stopped being core) are dissolved and rebuilt by a search from their
 * core points; hotspots out of reach are untouched.
 *
 * <p><b>Identity.</b> A rebuilt hotspot keeps the id of the old hotspot most of its core points
 * came from (ties: the smaller id; each old id goes to one new hotspot, the one whose oldest core
 * point is oldest first); otherwise it gets a new id. Ids depend only on the window and the
 * previous ids, so a detector restored from {@link #toBytes} continues identically.
 *
 * <p>Not thread-safe. Points must be finite ({@link #accepts}); callers decide what a row with a
 * missing or non-finite value means.
 */
public final class HotspotDetector {
    private static final int VERSION = 1;
    private static final double CELL_MARGIN = 1.001;
    private static final double FAR = 0x1p40;
    private static final long NONE = -1;
    private static final long PENDING = -2;

    private final HotspotParams params;
    private final int columns;
    private final int capacity;
    private final int minPoints;
    private final double radius;
    private final int gridColumns;
    private final double cell;

    private final double[] coords;
    private final long[] seq;
    private final int[] count;
    private final IntList[] neighbours;
    private final long[] label;
    private final long[] previousLabel;
    private final long[] cellKey;
    private final boolean[] far;
    private final int[] visit;
    private final Map<Long, IntList> grid = new HashMap<>();
    private final IntList farPoints = new IntList(4);
    private final TreeMap<Long, Spot> spots = new TreeMap<>();

    private long nextSeq;
    private long nextId;
    private int size;
    private int stamp;
    private List<Hotspot> current = Collections.emptyList();
    private boolean changed;

    /** An empty window over points of {@code columns} values. */
    public HotspotDetector(HotspotParams params, int columns) {
        if (columns < 1)
            throw new IllegalArgumentException("columns: expected at least 1, got " + columns);
        this.params = params;
        this.columns = columns;
        this.capacity = params.windowSize();
        this.minPoints = params.minPoints();
        this.radius = params.scanRadius();
        this.gridColumns = Math.min(columns, 3);
        double c = radius * CELL_MARGIN;
        this.cell = Double.isInfinite(c) ? Double.MAX_VALUE : c;
        coords = new double[capacity * columns];
        seq = new long[capacity];
        count = new int[capacity];
        neighbours = new IntList[capacity];
        label = new long[capacity];
        previousLabel = new long[capacity];
        cellKey = new long[capacity];
        far = new boolean[capacity];
        visit = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            neighbours[i] = new IntList(8);
            seq[i] = NONE;
            label[i] = NONE;
            previousLabel[i] = NONE;
        }
    }

    /**
     * Whether {@code point} can enter a window of {@code columns} values: right length, all finite.
     */
    public static boolean accepts(double[] point, int columns) {
        if (point == null || point.length != columns) return false;
        for (double v : point) if (!Double.isFinite(v)) return false;
        return true;
    }

    /**
     * Adds {@code point} (copied) as the newest record, dropping the oldest once the window is
     * full, and returns the window's hotspots, oldest hotspot first.
     *
     * @throws IllegalArgumentException if {@link #accepts} would say no
     */
    public List<Hotspot> add(double[] point) {
        if (!accepts(point, columns)) {
            throw new IllegalArgumentException("point: expected " + columns + " finite values");
        }
        if (size == capacity) remove(slotOf(nextSeq - size));
        insert(point);
        return hotspots();
    }

    /** The window's hotspots, oldest first (by id). */
    public List<Hotspot> hotspots() {
        if (changed) {
            List<Hotspot> list = new ArrayList<>(spots.size());
            for (Spot s : spots.values()) list.add(s.hotspot);
            current = Collections.unmodifiableList(list);
            changed = false;
        }
        return current;
    }

    public int columns() {
        return columns;
    }

    public HotspotParams params() {
        return params;
    }

    /** Points in the window now. */
    public int size() {
        return size;
    }

    private int slotOf(long sequence) {
        return (int) (sequence % capacity);
    }

    private boolean isCore(int slot) {
        return count[slot] >= minPoints;
    }

    // ---- entering and leaving -------------------------------------------------------------

    private void insert(double[] point) {
        int slot = place(point, nextSeq++);
        Set<Long> dissolve = new HashSet<>();
        IntList seeds = new IntList(4);
        if (isCore(slot)) seeds.add(slot);
        IntList nb = neighbours[slot];
        for (int i = 0; i < nb.size(); i++) {
            int q = nb.get(i);
            if (label[q] >= 0) {
                dissolve.add(label[q]); // a core before: its hotspot gains a point
            } else if (count[q] == minPoints) { // became core just now
                seeds.add(q);
                IntList qn = neighbours[q];
                for (int j = 0; j < qn.size(); j++) {
                    if (label[qn.get(j)] >= 0) dissolve.add(label[qn.get(j)]);
                }
            }
        }
        if (!dissolve.isEmpty() || !seeds.isEmpty()) rebuild(dissolve, seeds);
    }

    /** Stores the point, links it with its neighbours; no hotspot changes yet. */
    private int place(double[] point, long sequence) {
        int slot = slotOf(sequence);
        System.arraycopy(point, 0, coords, slot * columns, columns);
        seq[slot] = sequence;
        size++;
        locate(slot);
        IntList nb = neighbours[slot];
        nb.clear();
        if (far[slot]) {
            for (int q = 0; q < capacity; q++) link(slot, q);
        } else {
            forEachAdjacentCell(slot);
            for (int i = 0; i < farPoints.size(); i++) link(slot, farPoints.get(i));
        }
        count[slot] = nb.size() + 1;
        if (far[slot]) {
            farPoints.add(slot);
        } else {
            grid.computeIfAbsent(cellKey[slot], k -> new IntList(4)).add(slot);
        }
        return slot;
    }

    private void link(int slot, int q) {
        if (q == slot || seq[q] == NONE || !within(slot, q)) return;
        neighbours[slot].add(q);
        neighbours[q].add(slot);
        count[q]++;
    }

    private void remove(int slot) {
        Set<Long> dissolve = new HashSet<>();
        if (label[slot] >= 0) dissolve.add(label[slot]);
        IntList nb = neighbours[slot];
        for (int i = 0; i < nb.size(); i++) {
            int q = nb.get(i);
            if (label[q] >= 0) dissolve.add(label[q]);
            neighbours[q].removeValue(slot);
            count[q]--;
        }
        nb.clear();
        if (far[slot]) {
            farPoints.removeValue(slot);
        } else {
            IntList inCell = grid.get(cellKey[slot]);
            inCell.removeValue(slot);
            if (inCell.isEmpty()) grid.remove(cellKey[slot]);
        }
        seq[slot] = NONE;
        label[slot] = NONE;
        count[slot] = 0;
        size--;
        if (!dissolve.isEmpty()) rebuild(dissolve, new IntList(0));
    }

    // ---- the grid -------------------------------------------------------------------------

    private void locate(int slot) {
        long key = 17;
        boolean isFar = false;
        for (int i = 0; i < gridColumns; i++) {
            double c = coords[slot * columns + i] / cell;
            if (!(Math.abs(c) < FAR)) {
                isFar = true;
                break;
            }
            key = mix(key, (long) Math.floor(c));
        }
        far[slot] = isFar;
        cellKey[slot] = key;
    }

    private static long mix(long key, long cellIndex) {
        return (key ^ cellIndex) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    }

    private final long[] cellIndex = new long[3];
    private final int[] offset = new int[3];

    /** Links {@code slot} with every point of the 3^g cells around its own (g ≤ 3 columns). */
    private void forEachAdjacentCell(int slot) {
        for (int i = 0; i < gridColumns; i++) {
            cellIndex[i] = (long) Math.floor(coords[slot * columns + i] / cell);
            offset[i] = -1;
        }
        while (true) {
            long key = 17;
            for (int i = 0; i < gridColumns; i++) key = mix(key, cellIndex[i] + offset[i]);
            IntList inCell = grid.get(key);
            if (inCell != null) {
                for (int j = 0; j < inCell.size(); j++) link(slot, inCell.get(j));
            }
            int i = 0;
            while (i < gridColumns && offset[i] == 1) offset[i++] = -1;
            if (i == gridColumns) return;
            offset[i]++;
        }
    }

    /** The reference's predicate exactly: Euclidean distance (as Commons Math computes it) ≤ r. */
    private boolean within(int a, int b) {
        int pa = a * columns;
        int pb = b * columns;
        double sum = 0;
        for (int i = 0; i < columns; i++) {
            double d = coords[pa + i] - coords[pb + i];
            sum += d * d;
        }
        return Math.sqrt(sum) <= radius;
    }

    // ---- hotspots -------------------------------------------------------------------------

    /**
     * Replaces the hotspots {@code dissolve} by those now reachable from their and the seeds'
     * cores.
     */
    private void rebuild(Set<Long> dissolve, IntList seeds) {
        IntList formerCores = new IntList(16);
        for (Long id : dissolve) {
            Spot old = spots.remove(id);
            for (int i = 0; i < old.cores.size(); i++) {
                int k = old.cores.get(i);
                if (label[k] != id) continue; // left the window since
                label[k] = NONE;
                previousLabel[k] = id;
                formerCores.add(k);
                seeds.add(k);
            }
        }
        List<Forming> formed = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            int s = seeds.get(i);
            if (seq[s] != NONE && isCore(s) && label[s] == NONE) formed.add(grow(s));
        }
        formed.sort((x, y) -> Long.compare(x.oldestSeq, y.oldestSeq));
        Set<Long> taken = new HashSet<>();
        for (Forming f : formed) {
            long id = f.inheritedId(previousLabel, taken);
            if (id == NONE) id = nextId++;
            taken.add(id);
            for (int i = 0; i < f.cores.size(); i++) label[f.cores.get(i)] = id;
            spots.put(id, new Spot(f.cores, new Hotspot(id, f.points, f.min, f.max, radius)));
        }
        for (int i = 0; i < formerCores.size(); i++) previousLabel[formerCores.get(i)] = NONE;
        changed = true;
    }

    /**
     * Collects the hotspot of core point {@code start}: its connected cores and their neighbours.
     */
    private Forming grow(int start) {
        stamp++;
        Forming f = new Forming(columns);
        IntList stack = new IntList(16);
        stack.add(start);
        label[start] = PENDING;
        visit[start] = stamp;
        while (!stack.isEmpty()) {
            int k = stack.pop();
            f.addCore(k, seq[k]);
            f.extend(coords, k * columns);
            IntList nb = neighbours[k];
            for (int i = 0; i < nb.size(); i++) {
                int q = nb.get(i);
                if (visit[q] == stamp) continue;
                visit[q] = stamp;
                if (isCore(q)) {
                    label[q] = PENDING;
                    stack.add(q);
                } else {
                    f.extend(coords, q * columns);
                }
            }
        }
        return f;
    }

    /** A hotspot in the window: its core points (slots) and its current value. */
    private static final class Spot {
        final IntList cores;
        final Hotspot hotspot;

        Spot(IntList cores, Hotspot hotspot) {
            this.cores = cores;
            this.hotspot = hotspot;
        }
    }

    /** A hotspot being collected by {@link #grow}. */
    private static final class Forming {
        final IntList cores = new IntList(16);
        final double[] min;
        final double[] max;
        int points;
        long oldestSeq = Long.MAX_VALUE;

        Forming(int columns) {
            min = new double[columns];
            max = new double[columns];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }

        void addCore(int slot, long sequence) {
            cores.add(slot);
            oldestSeq = Math.min(oldestSeq, sequence);
        }

        void extend(double[] coords, int at) {
            points++;
            for (int i = 0; i < min.length; i++) {
                min[i] = Math.min(min[i], coords[at + i]);
                max[i] = Math.max(max[i], coords[at + i]);
            }
        }

        /** The former id most of the cores had (ties: the smaller), if not taken already. */
        long inheritedId(long[] previousLabel, Set<Long> taken) {
            Map<Long, Integer> votes = new TreeMap<>();
            for (int i = 0; i < cores.size(); i++) {
                long id = previousLabel[cores.get(i)];
                if (id >= 0 && !taken.contains(id)) votes.merge(id, 1, Integer::sum);
            }
            long best = NONE;
            int bestVotes = 0;
            for (Map.Entry<Long, Integer> e : votes.entrySet()) {
                if (e.getValue() > bestVotes) {
                    best = e.getKey();
                    bestVotes = e.getValue();
                }
            }
            return best;
        }
    }

    // ---- state ----------------------------------------------------------------------------

    /** The window (points, oldest first, with their hotspot ids) and the counters, as bytes. */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + size * (columns * 8 + 8));
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(VERSION);
            out.writeInt(columns);
            out.writeInt(size);
            out.writeLong(nextSeq);
            out.writeLong(nextId);
            for (long s = nextSeq - size; s < nextSeq; s++) {
                int slot = slotOf(s);
                for (int i = 0; i < columns; i++) out.writeDouble(coords[slot * columns + i]);
                out.writeLong(label[slot]);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A detector exactly as the one that wrote {@code bytes}: same window, same hotspots and ids.
     *
     * @throws IllegalArgumentException if the bytes are not a detector's of {@code params}' window
     */
    public static HotspotDetector restore(HotspotParams params, byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            if (in.readInt() != VERSION)
                throw new IllegalArgumentException("hotspot state: unknown version");
            int columns = in.readInt();
            int size = in.readInt();
            if (size > params.windowSize()) {
                throw new IllegalArgumentException(
                        "hotspot state: "
                                + size
                                + " points do not fit a window of "
                                + params.windowSize());
            }
            HotspotDetector d = new HotspotDetector(params, columns);
            long nextSeq = in.readLong();
            d.nextId = in.readLong();
            long[] ids = new long[d.capacity];
            double[] point = new double[columns];
            for (long s = nextSeq - size; s < nextSeq; s++) {
                for (int i = 0; i < columns; i++) point[i] = in.readDouble();
                int slot = d.place(point, s);
                ids[slot] = in.readLong();
            }
            d.nextSeq = nextSeq;
            d.regroup(ids);
            return d;
        } catch (IOException e) {
            throw new IllegalArgumentException("hotspot state: truncated", e);
        }
    }

    /** After a restore: every hotspot found again, under the id its cores were saved with. */
    private void regroup(long[] ids) {
        for (int s = 0; s < capacity; s++) {
            if (seq[s] == NONE || !isCore(s) || label[s] != NONE) continue;
            Forming f = grow(s);
            long id = ids[f.cores.get(0)];
            for (int i = 0; i < f.cores.size(); i++) {
                if (ids[f.cores.get(i)] != id || id < 0) {
                    throw new IllegalArgumentException(
                            "hotspot state: a hotspot's points disagree on its id");
                }
                label[f.cores.get(i)] = id;
            }
            spots.put(id, new Spot(f.cores, new Hotspot(id, f.points, f.min, f.max, radius)));
        }
        changed = true;
    }
}
