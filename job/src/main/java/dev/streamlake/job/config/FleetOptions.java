package dev.streamlake.job.config;

import dev.streamlake.udfs.anomaly.RcfProfile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Settings for many keys per slot: forest sizes by profile, and how many forests stay decoded in
 * heap (the rest are bytes in keyed state, on RocksDB off-heap). docs/ANOMALY_SCORING.md has the
 * sizing table.
 */
public final class FleetOptions {

    public static final ConfigOption<RcfProfile> PROFILE =
            ConfigOptions.key("scoring.profile")
                    .enumType(RcfProfile.class)
                    .defaultValue(RcfProfile.KDA)
                    .withDescription(
                            "Forest sizes unless scoring.trees / scoring.sample-size are set: KDA"
                                    + " (100 trees × 256 points, KDA SQL's) or FLEET (30 × 64: much less heap"
                                    + " and state per key, for thousands of keys per KPU; its sizes"
                                    + " are in BENCHMARKS.md, its detection trade-off in"
                                    + " docs/ANOMALY_SCORING.md).");

    public static final ConfigOption<Integer> LIVE_FORESTS =
            ConfigOptions.key("scoring.live-forests")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Forests kept decoded in heap per subtask, the most recently used; the"
                                    + " rest wait as bytes in keyed state and are decoded on their"
                                    + " key's next record. Default 1000 for KDA, 10000 for FLEET.");

    private FleetOptions() {}
}
