package dev.streamlake.udfs.hotspots;

import static dev.streamlake.udfs.Parameters.named;

import java.io.Serializable;

/**
 * The three numbers of KDA SQL's {@code HOTSPOTS(in, windowSize, scanRadius,
 * minimumNumberOfPointsInAHotspot)}. Immutable; {@link #of} checks them and says what is wrong (the
 * caller names where the value came from).
 *
 * <p>KDA accepted windows of 100–1000 records; this accepts 2–100 000 (a larger window costs memory
 * and time in proportion, see BENCHMARKS.md).
 */
public final class HotspotParams implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The largest window accepted. */
    public static final int MAX_WINDOW = 100_000;

    private final int windowSize;
    private final double scanRadius;
    private final int minPoints;

    private HotspotParams(int windowSize, double scanRadius, int minPoints) {
        this.windowSize = windowSize;
        this.scanRadius = scanRadius;
        this.minPoints = minPoints;
    }

    /**
     * @param windowSize the number of most recent records considered
     * @param scanRadius the neighbourhood radius (DBSCAN's ε), in the units of the columns
     * @param minPoints points (itself included) within the radius that make a point a hotspot's
     *     core
     * @throws IllegalArgumentException naming the parameter that is out of range
     */
    public static HotspotParams of(int windowSize, double scanRadius, int minPoints) {
        named("windowSize", () -> checkWindowSize(windowSize));
        named("scanRadius", () -> checkScanRadius(scanRadius));
        named("minimumNumberOfPointsInAHotspot", () -> checkMinPoints(minPoints, windowSize));
        return new HotspotParams(windowSize, scanRadius, minPoints);
    }

    /** The window size if valid, else an error with the reason only (the caller names it). */
    public static int checkWindowSize(int windowSize) {
        if (windowSize < 2 || windowSize > MAX_WINDOW) {
            throw new IllegalArgumentException(
                    "expected 2.." + MAX_WINDOW + " records, got " + windowSize);
        }
        return windowSize;
    }

    /** The scan radius if valid, else an error with the reason only. */
    public static double checkScanRadius(double scanRadius) {
        if (!(scanRadius > 0) || Double.isInfinite(scanRadius)) {
            throw new IllegalArgumentException(
                    "expected a positive finite number, got " + scanRadius);
        }
        return scanRadius;
    }

    /** The minimum points if valid for this window size, else an error with the reason only. */
    public static int checkMinPoints(int minPoints, int windowSize) {
        if (minPoints < 2 || minPoints > windowSize) {
            throw new IllegalArgumentException(
                    "expected 2..windowSize (" + windowSize + "), got " + minPoints);
        }
        return minPoints;
    }

    public int windowSize() {
        return windowSize;
    }

    public double scanRadius() {
        return scanRadius;
    }

    public int minPoints() {
        return minPoints;
    }

    @Override
    public String toString() {
        return "HOTSPOTS(windowSize="
                + windowSize
                + ", scanRadius="
                + scanRadius
                + ", minimumNumberOfPointsInAHotspot="
                + minPoints
                + ")";
    }
}
