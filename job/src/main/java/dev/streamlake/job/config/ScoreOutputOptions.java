package dev.streamlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Property group {@code scoring}, the columns scoring writes: which rows carry an explanation, and
 * whether the thresholded forest's columns are added. Read into {@link ScoreOutputs}.
 */
public final class ScoreOutputOptions {

    /** Which scored rows get {@code anomaly_explanation}. */
    public enum Explain {
        /** Every scored row, as KDA's RANDOM_CUT_FOREST_WITH_EXPLANATION: a second pass per row. */
        ALL,
        /** Rows that reach the anomalies table: the second pass only for them. */
        FLAGGED,
        /** None: the column stays, always null. */
        NONE
    }

    public static final ConfigOption<Explain> EXPLAIN =
            ConfigOptions.key("scoring.explain")
                    .enumType(Explain.class)
                    .defaultValue(Explain.FLAGGED)
                    .withDescription(
                            "Which rows get anomaly_explanation: ALL (KDA's"
                                    + " RANDOM_CUT_FOREST_WITH_EXPLANATION: a second pass over the trees"
                                    + " for every row), FLAGGED (rows written to the anomalies table;"
                                    + " others null) or NONE.");

    public static final ConfigOption<Boolean> TRCF_OUTPUTS =
            ConfigOptions.key("scoring.trcf-outputs")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Also keep the library's ThresholdedRandomCutForest per key (same"
                                    + " parameters) and add its outputs as columns anomaly_grade,"
                                    + " anomaly_expected and anomaly_relative_index (not in KDA SQL);"
                                    + " about twice the CPU and state of scoring alone.");

    private ScoreOutputOptions() {}
}
