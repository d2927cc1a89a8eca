package dev.streamlake.job.config;

import dev.streamlake.udfs.anomaly.RcfProfile;
import dev.streamlake.udfs.anomaly.flag.FlagPolicy;
import java.io.Serializable;
import java.util.Optional;

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
            throw OptionReader.invalid(
                    FleetOptions.LIVE_FORESTS, "expected at least 1, got " + liveForests);
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
    public static OnlineScoringConfig from(OptionReader options) {
        FlagPolicy flags = OptionsToUdfs.flagPolicy(options);
        RcfProfile profile = options.get(FleetOptions.PROFILE);
        Optional<Integer> live = options.optional(FleetOptions.LIVE_FORESTS);
        return new OnlineScoringConfig(flags, profile, live.orElse(defaultLiveForests(profile)));
    }

    static int defaultLiveForests(RcfProfile profile) {
        return profile == RcfProfile.FLEET ? 10_000 : 1_000;
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
