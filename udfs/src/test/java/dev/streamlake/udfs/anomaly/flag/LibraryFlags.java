package dev.streamlake.udfs.anomaly.flag;

import com.amazon.randomcutforest.config.TransformMethod;
import com.amazon.randomcutforest.parkservices.AnomalyDescriptor;
import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import com.amazon.randomcutforest.parkservices.config.ScoringStrategy;
import com.amazon.randomcutforest.parkservices.threshold.BasicThresholder;
import dev.streamlake.udfs.anomaly.RcfParams;
import dev.streamlake.udfs.anomaly.TrcfModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The library's own thresholding as flag rules, to compare with {@link FlagPolicy} on {@link
 * LabelledSeries}: the grade of {@code ThresholdedRandomCutForest} (its own forest, from {@link
 * TrcfModel#builder}, flagged when the grade is above 0), and its {@code BasicThresholder} alone on
 * the plain forest's scores (the same scores the other rules and the hindsight-best see).
 */
final class LibraryFlags {
    private LibraryFlags() {}

    /** The TRCF settings tried; {@code lowerThreshold} NaN leaves the library's default. */
    record TrcfSettings(
            double anomalyRate,
            double zFactor,
            double lowerThreshold,
            boolean autoAdjust,
            ScoringStrategy strategy) {

        /** The library's defaults, as {@code TrcfModel} uses them. */
        static TrcfSettings defaults() {
            return new TrcfSettings(
                    0.01, 3.0, Double.NaN, false, ScoringStrategy.EXPECTED_INVERSE_DEPTH);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "anomalyRate=%s zFactor=%s lowerThreshold=%s autoAdjust=%s %s",
                    anomalyRate,
                    zFactor,
                    Double.isNaN(lowerThreshold) ? "default" : lowerThreshold,
                    autoAdjust,
                    strategy);
        }
    }

    /** One key's TRCF run: its grade and its own score for every point. */
    record TrcfRun(double[] grades, double[] scores) {
        boolean[] flags() {
            boolean[] f = new boolean[grades.length];
            for (int i = 0; i < f.length; i++) f[i] = grades[i] > 0;
            return f;
        }
    }

    static TrcfRun trcf(LabelledSeries s, RcfParams params, TrcfSettings settings) {
        ThresholdedRandomCutForest trcf =
                TrcfModel.builder(params, 1)
                        .anomalyRate(settings.anomalyRate())
                        .zFactor(settings.zFactor())
                        .autoAdjust(settings.autoAdjust())
                        .scoringStrategy(settings.strategy())
                        .build();
        if (!Double.isNaN(settings.lowerThreshold()))
            trcf.setLowerThreshold(settings.lowerThreshold());
        double[] grades = new double[s.values.length];
        double[] scores = new double[s.values.length];
        for (int i = 0; i < grades.length; i++) {
            AnomalyDescriptor d = trcf.process(new double[] {s.values[i]}, i);
            grades[i] = d.getAnomalyGrade();
            scores[i] = d.getRCFScore();
        }
        return new TrcfRun(grades, scores);
    }

    static List<TrcfRun> trcf(List<LabelledSeries> fleet, RcfParams params, TrcfSettings settings) {
        List<TrcfRun> out = new ArrayList<>();
        for (LabelledSeries s : fleet) out.add(trcf(s, params, settings));
        return out;
    }

    /**
     * {@code BasicThresholder} on one key's plain scores, as TRCF drives it at one feature without
     * a transform: a grade from the scores before, then the score learned. Flagged: grade above 0.
     */
    static boolean[] thresholder(double[] scores, double zFactor, double discount) {
        BasicThresholder t = new BasicThresholder(discount, discount, false);
        t.setZfactor(zFactor);
        boolean[] flags = new boolean[scores.length];
        double last = 0;
        for (int i = 0; i < scores.length; i++) {
            double score = scores[i];
            if (!(score > 0)) continue;
            flags[i] = t.getThresholdAndGrade(score, TransformMethod.NONE, 1, 1).weight > 0;
            t.update(score, score - last);
            last = score;
        }
        return flags;
    }
}
