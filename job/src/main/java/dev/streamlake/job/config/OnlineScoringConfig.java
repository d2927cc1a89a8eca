package dev.streamlake.job.config;

import dev.streamlake.udfs.anomaly.RcfProfile;
import dev.streamlake.udfs.anomaly.flag.FlagPolicy;
import java.io.Serializable;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * How the scoring operator runs online: its flag rule ({@link FlagOptions}), its forest profile and
 * how many forests stay live in heap ({@link FleetOptions}).
 */
public final class OnlineScoringConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FlagPolicy flags;
    private final RcfProfile profile;
    private final int liveForests;

    public OnlineScoringConfig(FlagPolicy flags, RcfProfile profile, int liveForests) {
        if (liveForests < 1) {
            throw new IllegalArgumentException(
                    FleetOptions.LIVE_FORESTS.key() + ": expected at least 1, got " + liveForests);
        }
        this.flags = flags;
        this.profile = profile;
        this.liveForests = liveForests;
    }

    /** The defaults, with KDA's fixed threshold for young keys. */
    public static OnlineScoringConfig defaults(double threshold) {
        return new OnlineScoringConfig(
                FlagPolicy.defaults(threshold), RcfProfile.KDA, defaultLiveForests(RcfProfile.KDA));
    }

    /** Reads {@code scoring.flag.*}, {@code scoring.profile} and {@code scoring.live-forests}. */
    public static OnlineScoringConfig from(Configuration conf) {
        double threshold = get(conf, ScoringOptions.THRESHOLD);
        FlagPolicy flags;
        if (get(conf, FlagOptions.RULE) == FlagPolicy.Rule.FIXED) {
            flags = FlagPolicy.fixed(threshold);
        } else {
            try {
                flags =
                        FlagPolicy.adaptive(
                                threshold,
                                get(conf, FlagOptions.QUANTILE),
                                get(conf, FlagOptions.FACTOR),
                                get(conf, FlagOptions.FLOOR),
                                get(conf, FlagOptions.WINDOW),
                                get(conf, FlagOptions.WARM_UP));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scoring.flag." + e.getMessage(), e);
            }
        }
        RcfProfile profile = get(conf, FleetOptions.PROFILE);
        Optional<Integer> live = conf.getOptional(FleetOptions.LIVE_FORESTS);
        return new OnlineScoringConfig(flags, profile, live.orElse(defaultLiveForests(profile)));
    }

    static int defaultLiveForests(RcfProfile profile) {
        return profile == RcfProfile.FLEET ? 10_000 : 1_000;
    }

    private static <T> T get(Configuration conf, ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    option.key() + ": invalid value '" + conf.toMap().get(option.key()) + "'", e);
        }
    }

    public FlagPolicy flags() {
        return flags;
    }

    public RcfProfile profile() {
        return profile;
    }

    public int liveForests() {
        return liveForests;
    }
}
