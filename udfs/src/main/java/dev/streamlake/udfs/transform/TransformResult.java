package dev.streamlake.udfs.transform;

import java.util.Objects;
import org.apache.flink.types.Row;

/** What a {@link RecordTransform} did with a record. */
public final class TransformResult {
    public enum Outcome {
        OK,
        DROPPED,
        FAILED
    }

    private static final TransformResult DROPPED = new TransformResult(Outcome.DROPPED, null, null);

    private final Outcome outcome;
    private final Row row;
    private final String reason;

    private TransformResult(Outcome outcome, Row row, String reason) {
        this.outcome = outcome;
        this.row = row;
        this.reason = reason;
    }

    public static TransformResult ok(Row row) {
        return new TransformResult(Outcome.OK, Objects.requireNonNull(row, "row"), null);
    }

    public static TransformResult dropped() {
        return DROPPED;
    }

    public static TransformResult failed(String reason) {
        return new TransformResult(Outcome.FAILED, null, Objects.requireNonNull(reason, "reason"));
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The row to write; set only when OK. */
    public Row row() {
        return row;
    }

    /** Why the record failed; set only when FAILED. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return outcome + (reason == null ? "" : ": " + reason);
    }
}
