package dev.streamlake.job.config;

import dev.streamlake.udfs.anomaly.flag.FlagPolicy;
import dev.streamlake.udfs.anomaly.flag.FlagPolicy.Rule;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Property group {@code scoring.flag}: which scored events also go to the anomalies table, decided
 * online per key ({@link FlagPolicy}); the defaults were chosen on labelled data
 * (docs/ANOMALY_SCORING.md).
 */
public final class FlagOptions {

    public static final ConfigOption<Rule> RULE =
            ConfigOptions.key("scoring.flag.rule")
                    .enumType(Rule.class)
                    .defaultValue(Rule.ADAPTIVE)
                    .withDescription(
                            "ADAPTIVE: an event is flagged when its score is at least"
                                    + " scoring.flag.factor times the scoring.flag.quantile of its"
                                    + " key's recent scores, and at least scoring.flag.floor. FIXED:"
                                    + " when its score is at least scoring.threshold, on every key alike.");

    public static final ConfigOption<Double> QUANTILE =
            ConfigOptions.key("scoring.flag.quantile")
                    .doubleType()
                    .defaultValue(FlagPolicy.DEFAULT_QUANTILE)
                    .withDescription(
                            "ADAPTIVE: the quantile of the key's recent scores the rule scales.");

    public static final ConfigOption<Double> FACTOR =
            ConfigOptions.key("scoring.flag.factor")
                    .doubleType()
                    .defaultValue(FlagPolicy.DEFAULT_FACTOR)
                    .withDescription("ADAPTIVE: how far over that quantile a score must be.");

    public static final ConfigOption<Double> FLOOR =
            ConfigOptions.key("scoring.flag.floor")
                    .doubleType()
                    .defaultValue(FlagPolicy.DEFAULT_FLOOR)
                    .withDescription(
                            "ADAPTIVE: no score below this is flagged, however quiet the key.");

    public static final ConfigOption<Double> WINDOW =
            ConfigOptions.key("scoring.flag.window")
                    .doubleType()
                    .defaultValue(FlagPolicy.DEFAULT_WINDOW)
                    .withDescription(
                            "ADAPTIVE: how many recent scores of a key the quantile follows (a decay"
                                    + " window: a score this many points old weighs ~37 % of a new one).");

    public static final ConfigOption<Integer> WARM_UP =
            ConfigOptions.key("scoring.flag.warm-up")
                    .intType()
                    .defaultValue(FlagPolicy.DEFAULT_WARM_UP)
                    .withDescription(
                            "ADAPTIVE: non-zero scores a key needs before its own quantile decides;"
                                    + " until then scoring.threshold does.");

    private FlagOptions() {}
}
