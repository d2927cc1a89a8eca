package dev.streamlake.job.config;

import dev.streamlake.job.config.ScoreOutputOptions.Explain;
import dev.streamlake.udfs.schema.Column;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * What scoring writes besides the score ({@link ScoreOutputOptions}): which rows are explained.
 * {@link #columns()} is the one list of columns scoring appends to event rows, in order: the
 * operator writes them, and the events schema, the Athena DDL and the Glue tables declare them.
 */
public final class ScoreOutputs implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Explain explain;

    public ScoreOutputs(Explain explain) {
        this.explain = explain;
    }

    /** The settings of {@code conf} (its values already checked to parse). */
    public static ScoreOutputs from(Configuration conf) {
        return new ScoreOutputs(conf.get(ScoreOutputOptions.EXPLAIN));
    }

    /** The defaults. */
    public static ScoreOutputs defaults() {
        return from(new Configuration());
    }

    public Explain explain() {
        return explain;
    }

    /** The columns scoring appends to every event row, in order. */
    public List<Column> columns() {
        List<Column> out = new ArrayList<>(ScoringConfig.columns());
        return Collections.unmodifiableList(out);
    }
}
