package dev.streamlake.udfs.hotspots;

import java.util.Arrays;

/**
 * One hotspot of a window: how many points it holds, its bounding box over the input columns, and
 * its density ({@link #densityOf}). {@code id} follows a hotspot while it lives (see
 * docs/HOTSPOTS.md, "Identity"); it is not part of KDA's output. Immutable.
 */
public final class Hotspot {
    private final long id;
    private final int points;
    private final double density;
    private final double[] minValues;
    private final double[] maxValues;

    Hotspot(long id, int points, double[] minValues, double[] maxValues, double scanRadius) {
        this.id = id;
        this.points = points;
        this.minValues = minValues;
        this.maxValues = maxValues;
        this.density = densityOf(points, minValues, maxValues, scanRadius);
    }

    /**
     * Points ÷ size, where size is the product over the columns of the box's side, each side at
     * least {@code scanRadius} (a hotspot of equal values would otherwise have no size). Clamped to
     * {@code Double.MAX_VALUE} where the product underflows, so it is always a finite JSON number.
     */
    static double densityOf(int points, double[] min, double[] max, double scanRadius) {
        double size = 1;
        for (int i = 0; i < min.length; i++) size *= Math.max(max[i] - min[i], scanRadius);
        double density = points / size;
        return density > Double.MAX_VALUE ? Double.MAX_VALUE : density;
    }

    public long id() {
        return id;
    }

    /** The points in the hotspot: its core points and the points within reach of one. */
    public int points() {
        return points;
    }

    public double density() {
        return density;
    }

    public double[] minValues() {
        return minValues.clone();
    }

    public double[] maxValues() {
        return maxValues.clone();
    }

    /** The number of input columns. */
    public int columns() {
        return minValues.length;
    }

    double minValue(int column) {
        return minValues[column];
    }

    double maxValue(int column) {
        return maxValues[column];
    }

    /** Same points and bounds (not the id): what "the same hotspot" means between two windows. */
    public boolean sameShape(Hotspot other) {
        return points == other.points
                && Arrays.equals(minValues, other.minValues)
                && Arrays.equals(maxValues, other.maxValues);
    }

    @Override
    public String toString() {
        return "Hotspot#"
                + id
                + "{points="
                + points
                + ", density="
                + density
                + ", min="
                + Arrays.toString(minValues)
                + ", max="
                + Arrays.toString(maxValues)
                + "}";
    }
}
