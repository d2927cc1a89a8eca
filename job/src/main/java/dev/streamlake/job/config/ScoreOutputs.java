package dev.streamlake.job.config;

import dev.streamlake.job.config.ScoreOutputOptions.Explain;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.ColumnType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * What scoring writes besides the score ({@link ScoreOutputOptions}): which rows are explained, and
 * whether the thresholded forest's columns ({@link #TRCF_COLUMNS}) follow. {@link #columns()} is
 * the one list of columns scoring appends to event rows, in order: the operator writes them, and
 * the events schema, the Athena DDL and the Glue tables declare them.
 */
public final class ScoreOutputs implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String GRADE_COLUMN = "anomaly_grade";
    public static final String EXPECTED_COLUMN = "anomaly_expected";
    public static final String RELATIVE_INDEX_COLUMN = "anomaly_relative_index";

    /** The thresholded forest's columns, after score and explanation, with scoring.trcf-outputs. */
    public static final List<Column> TRCF_COLUMNS =
            List.of(
                    Column.computed(
                            GRADE_COLUMN,
                            ColumnType.DOUBLE,
                            "ThresholdedRandomCutForest anomaly grade: 0 not anomalous (and during warm-up),"
                                    + " up to 1 clearly over its adaptive threshold; null when not scored."),
                    Column.computed(
                            EXPECTED_COLUMN,
                            ColumnType.STRING,
                            "With a grade above 0: JSON of the value per feature the forest expected instead."),
                    Column.computed(
                            RELATIVE_INDEX_COLUMN,
                            ColumnType.INT,
                            "With a grade above 0: 0 when the anomaly is this record, -k when it began k records"
                                    + " earlier (with a shingle)."));

    private final Explain explain;
    private final boolean trcf;

    public ScoreOutputs(Explain explain) {
        this(explain, false);
    }

    /**
     * @param trcf whether the thresholded forest's columns are written
     */
    public ScoreOutputs(Explain explain, boolean trcf) {
        this.explain = explain;
        this.trcf = trcf;
    }

    /** The settings of {@code conf} (its values already checked to parse). */
    public static ScoreOutputs from(Configuration conf) {
        return new ScoreOutputs(
                conf.get(ScoreOutputOptions.EXPLAIN), conf.get(ScoreOutputOptions.TRCF_OUTPUTS));
    }

    /** The defaults. */
    public static ScoreOutputs defaults() {
        return from(new Configuration());
    }

    public Explain explain() {
        return explain;
    }

    /** Whether the thresholded forest runs and its columns are written. */
    public boolean trcf() {
        return trcf;
    }

    /** The columns scoring appends to every event row, in order. */
    public List<Column> columns() {
        List<Column> out = new ArrayList<>(ScoringConfig.columns());
        if (trcf) out.addAll(TRCF_COLUMNS);
        return Collections.unmodifiableList(out);
    }
}
