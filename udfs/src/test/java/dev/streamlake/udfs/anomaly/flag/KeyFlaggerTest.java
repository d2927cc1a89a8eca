package dev.streamlake.udfs.anomaly.flag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyFlaggerTest {
    static final FlagPolicy ADAPTIVE = FlagPolicy.adaptive(3.0, 0.99, 1.1, 1.0, 2000, 200);

    static double[] scores(long seed, double scale, int n) {
        Random r = new Random(seed);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = scale * Math.exp(0.3 * r.nextGaussian());
        return s;
    }

    @Test
    void aRestoredFlaggerDecidesExactlyAsTheOriginal() {
        double[] s = scores(1, 1.0, 5000);
        for (int i = 0; i < s.length; i += 97) s[i] *= 4; // some outliers
        KeyFlagger original = ADAPTIVE.newFlagger();
        List<Boolean> uninterrupted = new ArrayList<>();
        for (double x : s) uninterrupted.add(original.flag(x));

        KeyFlagger first = ADAPTIVE.newFlagger();
        List<Boolean> resumed = new ArrayList<>();
        for (int i = 0; i < 2500; i++) resumed.add(first.flag(s[i]));
        KeyFlagger restored = ADAPTIVE.restore(first.toBytes());
        assertThat(restored.threshold()).isEqualTo(first.threshold());
        for (int i = 2500; i < s.length; i++) resumed.add(restored.flag(s[i]));
        assertThat(resumed).containsExactlyElementsOf(uninterrupted);
        assertThat(uninterrupted).contains(true);
    }

    @Test
    void theThresholdFollowsTheKeysOwnScoreLevel() {
        KeyFlagger quiet = ADAPTIVE.newFlagger();
        KeyFlagger noisy = ADAPTIVE.newFlagger();
        for (double x : scores(2, 0.8, 3000)) quiet.flag(x);
        for (double x : scores(3, 2.0, 3000)) noisy.flag(x);
        // the 99th percentile of exp(0.3 N) is exp(0.3 * 2.326) = 2.01 times the scale, within a
        // bin
        assertThat(quiet.threshold()).isBetween(1.1 * 0.8 * 2.01 / 1.08, 1.1 * 0.8 * 2.01 * 1.08);
        assertThat(noisy.threshold()).isBetween(1.1 * 2.0 * 2.01 / 1.08, 1.1 * 2.0 * 2.01 * 1.08);
        assertThat(noisy.flag(3.5)).as("normal for the noisy key").isFalse();
        assertThat(quiet.flag(3.5)).as("an outlier for the quiet one").isTrue();
    }

    @Test
    void duringWarmUpTheFixedThresholdDecides() {
        KeyFlagger young = ADAPTIVE.newFlagger();
        for (int i = 0; i < 199; i++) young.flag(0.5);
        assertThat(young.threshold()).isEqualTo(3.0);
        assertThat(young.flag(2.9)).isFalse(); // the 200th score: still warming up
        assertThat(young.flag(2.9)).as("warm now: 2.9 is far over this key's level").isTrue();
    }

    @Test
    void zeroNanAndInfiniteScoresAreNeitherFlaggedNorLearned() {
        KeyFlagger f = ADAPTIVE.newFlagger();
        for (double x : new double[] {0, Double.NaN, Double.POSITIVE_INFINITY, -1})
            assertThat(f.flag(x)).isFalse();
        assertThat(f.learned()).isZero();
        assertThat(FlagPolicy.fixed(3.0).newFlagger().flag(Double.NaN)).isFalse();
    }

    @Test
    void theFixedRuleFlagsAtOrOverItsThresholdAndKeepsNoState() {
        KeyFlagger f = FlagPolicy.fixed(3.0).newFlagger();
        assertThat(f.flag(2.999)).isFalse();
        assertThat(f.flag(3.0)).isTrue();
        assertThat(f.toBytes()).isEmpty();
    }

    @Test
    void stateIsSmall() {
        KeyFlagger f = ADAPTIVE.newFlagger();
        Arrays.stream(scores(4, 1, 100)).forEach(f::flag);
        assertThat(f.toBytes()).hasSizeLessThanOrEqualTo(800);
    }

    @Test
    void badSettingsNameTheirKey() {
        assertThatThrownBy(() -> FlagPolicy.adaptive(3, 1.0, 1, 1, 100, 0))
                .hasMessageStartingWith("quantile:");
        assertThatThrownBy(() -> FlagPolicy.adaptive(3, 0.9, 0, 1, 100, 0))
                .hasMessageStartingWith("factor:");
        assertThatThrownBy(() -> FlagPolicy.adaptive(3, 0.9, 1, -1, 100, 0))
                .hasMessageStartingWith("floor:");
        assertThatThrownBy(() -> FlagPolicy.adaptive(3, 0.9, 1, 1, 5, 0))
                .hasMessageStartingWith("window:");
        assertThatThrownBy(() -> FlagPolicy.adaptive(3, 0.9, 1, 1, 100, -1))
                .hasMessageStartingWith("warm-up:");
        assertThatThrownBy(() -> ADAPTIVE.restore(new byte[3])).hasMessageContaining("flag state");
    }

    @Test
    void theBuilderGivesTheReasonOnlyForTheCallerToName() {
        // the job puts the option's key in front (OptionReader): no parameter name here
        assertThatThrownBy(() -> FlagPolicy.adaptiveBuilder(3).quantile(1.0))
                .hasMessage("expected between 0 and 1 (exclusive), got 1.0");
        assertThatThrownBy(() -> FlagPolicy.adaptiveBuilder(3).warmUp(-1))
                .hasMessage("expected at least 0, got -1");
        assertThat(FlagPolicy.adaptiveBuilder(3.0).build().toString())
                .isEqualTo(FlagPolicy.defaults(3.0).toString());
        assertThat(FlagPolicy.adaptiveBuilder(2.5).factor(1.3).window(500).build().toString())
                .isEqualTo(FlagPolicy.adaptive(2.5, 0.99, 1.3, 2.8, 500, 200).toString());
    }
}
