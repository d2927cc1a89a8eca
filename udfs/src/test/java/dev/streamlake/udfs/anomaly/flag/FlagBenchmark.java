package dev.streamlake.udfs.anomaly.flag;

import dev.streamlake.udfs.anomaly.RcfParams;
import dev.streamlake.udfs.anomaly.RcfProfile;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the tuning run behind the adaptive rule's defaults and the profile trade-off in
 * docs/ANOMALY_SCORING.md, on demand:
 *
 * <pre>
 * mvn -B -q -o -pl udfs test -Dtest=FlagBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class FlagBenchmark {
    static final int KEYS = 40;

    @Test
    void tune() {
        for (long seed : new long[] {LabelledSeries.TUNING_SEED, LabelledSeries.TEST_SEED}) {
            List<LabelledSeries> fleet = LabelledSeries.fleet(seed, KEYS);
            for (RcfProfile profile : RcfProfile.values()) {
                RcfParams params = profile.builder().build();
                List<double[]> scores = FlagEvaluation.scores(fleet, params);
                System.out.printf(
                        Locale.ROOT,
                        "seed %d, profile %s: hindsight-best per key: %s%n",
                        seed,
                        profile,
                        FlagEvaluation.hindsight(fleet, scores));
                for (double t : new double[] {2.0, 2.5, 3.0}) {
                    System.out.printf(
                            Locale.ROOT,
                            "  fixed %.1f: %s%n",
                            t,
                            FlagEvaluation.online(fleet, scores, FlagPolicy.fixed(t)));
                }
                for (double q : new double[] {0.98, 0.99, 0.995}) {
                    for (double f : new double[] {1.0, 1.05, 1.1, 1.2}) {
                        for (double floor : new double[] {2.6, 2.8, 3.0}) {
                            FlagPolicy p = FlagPolicy.adaptive(3.0, q, f, floor, 2000, 200);
                            System.out.printf(
                                    Locale.ROOT,
                                    "  adaptive q=%.3f factor=%.2f floor=%.1f: %s%n",
                                    q,
                                    f,
                                    floor,
                                    FlagEvaluation.online(fleet, scores, p));
                        }
                    }
                }
            }
        }
    }
}
