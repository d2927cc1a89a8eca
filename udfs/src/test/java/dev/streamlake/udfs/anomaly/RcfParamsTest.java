package dev.streamlake.udfs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.amazon.randomcutforest.RandomCutForest;
import java.util.function.UnaryOperator;
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
        rejects(b -> b.trees(0), "expected at least 1, got 0");
        rejects(b -> b.sampleSize(1), "expected at least 2, got 1");
        rejects(b -> b.timeDecayWindow(0), "expected a positive number of points, got 0.0");
        rejects(b -> b.shingleSize(0), "expected at least 1, got 0");
        rejects(b -> b.outputAfter(0), "expected at least 1, got 0");
    }

    private static void rejects(UnaryOperator<RcfParams.Builder> set, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> set.apply(RcfParams.builder()).build())
                .withMessage(message);
    }
}
