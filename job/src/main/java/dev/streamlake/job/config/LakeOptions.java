package dev.streamlake.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Property group {@code lake}: where and how the lake is written. */
public final class LakeOptions {

    public static final ConfigOption<String> PATH =
            ConfigOptions.key("lake.path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Base path of the lake (required): s3://bucket/prefix on AWS,"
                                    + " file:///path locally. Tables go to <path>/events and"
                                    + " <path>/errors.");

    public static final ConfigOption<Integer> GZIP_LEVEL =
            ConfigOptions.key("lake.gzip-level")
                    .intType()
                    .defaultValue(6)
                    .withDescription("GZIP compression level of the JSON part files, 1 (fast) to 9.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("lake.checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "Checkpoint interval for local runs; files become visible at each"
                                    + " checkpoint. On Managed Flink the application's checkpoint"
                                    + " configuration decides instead.");

    private LakeOptions() {}
}
