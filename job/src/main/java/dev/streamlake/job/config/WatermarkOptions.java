package dev.streamlake.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Property group {@code watermark}: event-time progress. */
public final class WatermarkOptions {

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            ConfigOptions.key("watermark.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription("How far behind the newest event time the watermark trails.");

    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key("watermark.idleness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "A subtask without records for this long stops holding the watermark"
                                    + " back (an idle shard stalls nothing).");

    private WatermarkOptions() {}
}
