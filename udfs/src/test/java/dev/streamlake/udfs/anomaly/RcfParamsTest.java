package dev.streamlake.udfs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.amazon.randomcutforest.RandomCutForest;
import org.junit.jupiter.api.Test;

class RcfParamsTest {
    @Test
    void defaultsAreKdaSqls() {
        RcfParams p = RcfParams.kdaDefaults();
        assertThat(p.trees()).isEqualTo(100);
        assertThat(p.sampleSize()).isEqualTo(256);
        assertThat(p.timeDecayWindow()).isEqualTo(100_000);
        assertThat(p.shingleSize()).isEqualTo(1);
        assertThat(p.outputAfter()).isEqualTo(64);
    }

    @Test
    void forestTakesTheParametersWithDecayAsARate() {
        RandomCutForest f =
                RcfParams.builder()
                        .trees(30)
                        .sampleSize(64)
                        .timeDecayWindow(1000)
                        .shingleSize(3)
                        .outputAfter(5)
                        .build()
                        .newForest(2);
        assertThat(f.getNumberOfTrees()).isEqualTo(30);
        assertThat(f.getSampleSize()).isEqualTo(64);
        assertThat(f.getTimeDecay()).isEqualTo(0.001);
        assertThat(f.getDimensions()).isEqualTo(6);
        assertThat(f.getShingleSize()).isEqualTo(3);
        assertThat(f.getOutputAfter()).isEqualTo(5);
    }

    @Test
    void outputAfterFollowsTheSampleSizeUnlessSet() {
        assertThat(RcfParams.builder().sampleSize(100).build().outputAfter()).isEqualTo(25);
    }

    @Test
    void rejectsBadParametersSayingWhatIsWrong() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RcfParams.builder().trees(0).build())
                .withMessage("expected at least 1, got 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RcfParams.builder().sampleSize(1).build())
                .withMessage("expected at least 2, got 1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RcfParams.builder().timeDecayWindow(0).build())
                .withMessage("expected a positive number of points, got 0.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RcfParams.builder().shingleSize(0).build())
                .withMessage("expected at least 1, got 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RcfParams.builder().outputAfter(0).build())
                .withMessage("expected at least 1, got 0");
    }
}
