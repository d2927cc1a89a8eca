package dev.streamlake.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Property group {@code validation}: the declared schema and the limits records are held to. */
public final class ValidationOptions {

    public static final ConfigOption<String> SCHEMA =
            ConfigOptions.key("validation.schema")
                    .stringType()
                    .defaultValue("classpath:schemas/sensor-readings.json")
                    .withDescription(
                            "The table schema: a file path, or classpath:<resource> for a schema"
                                    + " packaged in the jar (the files of conf/schemas are).");

    public static final ConfigOption<MemorySize> MAX_RECORD_SIZE =
            ConfigOptions.key("validation.max-record-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1mb"))
                    .withDescription("Larger records go to errors as OVERSIZED.");

    public static final ConfigOption<Duration> MAX_FUTURE =
            ConfigOptions.key("validation.max-event-time-future")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "An event time further than this after the record's arrival is"
                                    + " EVENT_TIME_OUT_OF_RANGE.");

    public static final ConfigOption<Duration> MAX_PAST =
            ConfigOptions.key("validation.max-event-time-past")
                    .durationType()
                    .defaultValue(Duration.ofDays(365))
                    .withDescription(
                            "An event time further than this before the record's arrival is"
                                    + " EVENT_TIME_OUT_OF_RANGE.");

    public static final ConfigOption<Integer> MAX_NESTING_DEPTH =
            ConfigOptions.key("validation.max-nesting-depth")
                    .intType()
                    .defaultValue(64)
                    .withDescription(
                            "Deeper JSON is LIMIT_EXCEEDED (protects the parser's stack).");

    public static final ConfigOption<Integer> MAX_FIELDS =
            ConfigOptions.key("validation.max-fields")
                    .intType()
                    .defaultValue(1000)
                    .withDescription("Records with more top-level fields are LIMIT_EXCEEDED.");

    private ValidationOptions() {}
}
