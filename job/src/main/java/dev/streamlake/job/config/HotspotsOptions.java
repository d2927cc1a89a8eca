package dev.streamlake.job.config;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Property group {@code hotspots}: KDA SQL's {@code HOTSPOTS(in, windowSize, scanRadius,
 * minimumNumberOfPointsInAHotspot)} over the events, adding {@code hotspots_result}.
 */
public final class HotspotsOptions {

    /**
     * Whether one window serves the whole stream (KDA's behaviour) or each record key has its own.
     */
    public enum Scope {
        GLOBAL,
        PER_KEY
    }

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("hotspots.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Detect dense regions over the last window-size events, adding"
                                    + " hotspots_result (KDA's JSON) to the events table. Off: no"
                                    + " operator and no extra column.");

    public static final ConfigOption<List<String>> COLUMNS =
            ConfigOptions.key("hotspots.columns")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Numeric columns (double, int, bigint) that span the space, separated"
                                    + " by ';', e.g. temperature;humidity. Required when hotspots are on.");

    public static final ConfigOption<Integer> WINDOW_SIZE =
            ConfigOptions.key("hotspots.window-size")
                    .intType()
                    .defaultValue(1000)
                    .withDescription(
                            "Most recent events considered (KDA's windowSize, 100 to 1000 there).");

    public static final ConfigOption<Double> SCAN_RADIUS =
            ConfigOptions.key("hotspots.scan-radius")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "Neighbourhood radius in the columns' units (KDA's scanRadius, DBSCAN's"
                                    + " epsilon). Required when hotspots are on.");

    public static final ConfigOption<Integer> MINIMUM_POINTS =
            ConfigOptions.key("hotspots.minimum-points")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "Events (itself included) within scan-radius that make an event a"
                                    + " hotspot's core (KDA's minimumNumberOfPointsInAHotspot).");

    public static final ConfigOption<Scope> SCOPE =
            ConfigOptions.key("hotspots.scope")
                    .enumType(Scope.class)
                    .defaultValue(Scope.GLOBAL)
                    .withDescription(
                            "GLOBAL: one window over all events, as KDA (one subtask runs it);"
                                    + " PER_KEY: one window per record key.");

    private HotspotsOptions() {}
}
