package dev.streamlake.job.config;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Property group {@code transform}: what the Firehose Lambda did. Renames, column selection,
 * defaults and arrival metadata are declared in the schema itself ({@code source}, {@code default},
 * {@code $arrival_time}, ...).
 */
public final class TransformOptions {

    public static final ConfigOption<Boolean> CAST_TO_SCHEMA =
            ConfigOptions.key("transform.cast-to-schema")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Cast values to their column's type where it is lossless (\"21.5\" to"
                                    + " a double, 42.0 to a bigint, 7 to a string) instead of"
                                    + " failing them as WRONG_TYPE.");

    public static final ConfigOption<String> DROP_IF =
            ConfigOptions.key("transform.drop-if")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Drop (count, do not write) records matching a condition, e.g."
                                    + " status == 'TEST' or battery < 0.");

    public static final ConfigOption<List<String>> MASK =
            ConfigOptions.key("transform.mask")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "String columns to mask, separated by ';': all but the last 4"
                                    + " characters become *; values of 8 characters or fewer"
                                    + " are masked whole (the last 4 of a short value would"
                                    + " reveal most of it).");

    public static final ConfigOption<List<String>> HASH =
            ConfigOptions.key("transform.hash")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "String columns to replace with their SHA-256 (hex), separated by ';'.");

    public static final ConfigOption<String> CLASS =
            ConfigOptions.key("transform.class")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Your own dev.streamlake.udfs.transform.RecordTransform, by class name;"
                                    + " runs after the built-ins.");

    private TransformOptions() {}
}
