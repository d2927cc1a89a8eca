package dev.streamlake.job.config;

import dev.streamlake.udfs.anomaly.RcfParams;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.ColumnType;
import dev.streamlake.udfs.schema.TableSchema;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The validated {@code scoring.*} settings; see {@link ScoringOptions}. */
public final class ScoringConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String SCORE_COLUMN = "anomaly_score";
    public static final String EXPLANATION_COLUMN = "anomaly_explanation";

    private final boolean enabled;
    private final List<String> features;
    private final int[] featureIndexes;
    private final RcfParams params;
    private final double threshold;
    private final Duration idleTtl;

    public ScoringConfig(
            boolean enabled,
            List<String> features,
            TableSchema schema,
            RcfParams params,
            double threshold,
            Duration idleTtl) {
        this.enabled = enabled;
        this.features = Collections.unmodifiableList(new ArrayList<>(features));
        this.params = params;
        this.threshold = threshold;
        this.idleTtl = idleTtl;
        if (!enabled) {
            this.featureIndexes = new int[features.size()];
            return;
        }
        if (features.isEmpty())
            throw OptionReader.invalid(ScoringOptions.FEATURES, "required when scoring is on");
        this.featureIndexes = NumericColumns.indexes(ScoringOptions.FEATURES, features, schema);
        if (schema.indexOf(SCORE_COLUMN) >= 0 || schema.indexOf(EXPLANATION_COLUMN) >= 0) {
            throw OptionReader.invalid(
                    ScoringOptions.ENABLED,
                    "the schema already has a column "
                            + SCORE_COLUMN
                            + " or "
                            + EXPLANATION_COLUMN);
        }
        if (idleTtl.isNegative() || idleTtl.isZero()) {
            throw OptionReader.invalid(ScoringOptions.IDLE_TTL, "must be positive");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public List<String> features() {
        return features;
    }

    /** The features' positions in the schema's rows. */
    public int[] featureIndexes() {
        return featureIndexes.clone();
    }

    public RcfParams params() {
        return params;
    }

    public double threshold() {
        return threshold;
    }

    public Duration idleTtl() {
        return idleTtl;
    }

    /** The two columns scoring appends to every event row, in order. */
    public static List<Column> columns() {
        return List.of(
                Column.computed(
                        SCORE_COLUMN,
                        ColumnType.DOUBLE,
                        "Random Cut Forest anomaly score of the record within its key; 0 during"
                                + " warm-up, null when a feature was missing."),
                Column.computed(
                        EXPLANATION_COLUMN,
                        ColumnType.STRING,
                        "KDA-style JSON: per feature DIRECTION, STRENGTH, ATTRIBUTION_SCORE; null for"
                                + " rows not explained (scoring.explain)."));
    }
}
