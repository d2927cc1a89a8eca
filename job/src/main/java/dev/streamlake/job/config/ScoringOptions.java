package dev.streamlake.job.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Property group {@code scoring}: Random Cut Forest anomaly scores per record key, as KDA SQL's
 * {@code RANDOM_CUT_FOREST_WITH_EXPLANATION} gave them, with its defaults.
 */
public final class ScoringOptions {

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("scoring.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Score every event with a Random Cut Forest kept per record key, adding"
                                    + " anomaly_score and anomaly_explanation to the events table."
                                    + " Off: no scoring operator and no extra columns.");

    public static final ConfigOption<List<String>> FEATURES =
            ConfigOptions.key("scoring.features")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Numeric columns (double, int, bigint) the forest scores, separated by"
                                    + " ';', e.g. temperature;humidity. Required when scoring is on.");

    public static final ConfigOption<Integer> TREES =
            ConfigOptions.key("scoring.trees")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Trees per forest (KDA's numberOfTrees). Default: scoring.profile's"
                                    + " (KDA 100, FLEET 30).");

    public static final ConfigOption<Integer> SAMPLE_SIZE =
            ConfigOptions.key("scoring.sample-size")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Points each tree keeps (KDA's subSampleSize). Default: scoring.profile's"
                                    + " (KDA 256, FLEET 64).");

    public static final ConfigOption<Double> TIME_DECAY =
            ConfigOptions.key("scoring.time-decay")
                    .doubleType()
                    .defaultValue(100_000.0)
                    .withDescription(
                            "How many recent points the forest favours (KDA's timeDecay, a window"
                                    + " length; the library's decay rate is its inverse).");

    public static final ConfigOption<Integer> SHINGLE_SIZE =
            ConfigOptions.key("scoring.shingle-size")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Consecutive points of a key scored together (KDA's shingleSize).");

    public static final ConfigOption<Integer> OUTPUT_AFTER =
            ConfigOptions.key("scoring.output-after")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Points a key's forest learns before its scores are non-zero (warm-up);"
                                    + " default sample-size / 4.");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("scoring.seed")
                    .longType()
                    .defaultValue(42L)
                    .withDescription(
                            "Random seed of every forest: the same points give the same scores.");

    public static final ConfigOption<Double> THRESHOLD =
            ConfigOptions.key("scoring.threshold")
                    .doubleType()
                    .defaultValue(3.0)
                    .withDescription(
                            "With scoring.flag.rule FIXED, events scoring at least this are also"
                                    + " written to the anomalies table; with ADAPTIVE, it decides during a"
                                    + " key's warm-up.");

    public static final ConfigOption<Duration> IDLE_TTL =
            ConfigOptions.key("scoring.idle-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "A key's forest is dropped after this long without records (processing"
                                    + " time), so memory stays bounded; it then starts empty.");

    private ScoringOptions() {}
}
