package dev.streamlake.job.record;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;

/**
 * A keyed operator that crashes after a checkpoint and is restored from it, for the tests that its
 * output then equals an uninterrupted run's.
 */
public final class MidStreamRestore {
    private MidStreamRestore() {}

    /** A new harness over a new operator, not yet opened. */
    @FunctionalInterface
    public interface Harnesses {
        KeyedOneInputStreamOperatorTestHarness<String, ValidRecord, ValidRecord> create()
                throws Exception;
    }

    /** Processes {@code rows} in an open harness and returns what the test compares. */
    @FunctionalInterface
    public interface Feed<R> {
        R feed(
                KeyedOneInputStreamOperatorTestHarness<String, ValidRecord, ValidRecord> h,
                List<Row> rows)
                throws Exception;
    }

    /** What {@code feed} returns for all the rows in one harness, the run to compare with. */
    public static <R> R uninterruptedRun(Harnesses harnesses, List<Row> rows, Feed<R> feed)
            throws Exception {
        try (var h = harnesses.create()) {
            h.open();
            return feed.feed(h, rows);
        }
    }

    /**
     * Feeds {@code rows[0, checkpointAt)} to one harness and checkpoints it, then feeds it {@code
     * lost} more rows that a crash loses with it; a second harness restored from the checkpoint is
     * fed {@code rows[checkpointAt, end)}. Returns what the two feeds before the crash and after
     * the restore returned, in that order.
     */
    public static <R> List<R> resumedRun(
            Harnesses harnesses, List<Row> rows, int checkpointAt, int lost, Feed<R> feed)
            throws Exception {
        R before;
        OperatorSubtaskState checkpoint;
        try (var h = harnesses.create()) {
            h.open();
            before = feed.feed(h, rows.subList(0, checkpointAt));
            checkpoint = h.snapshot(1L, 1L);
            feed.feed(h, rows.subList(checkpointAt, checkpointAt + lost));
        }
        try (var h = harnesses.create()) {
            h.setup();
            h.initializeState(checkpoint);
            h.open();
            return List.of(before, feed.feed(h, rows.subList(checkpointAt, rows.size())));
        }
    }

    /** {@link #resumedRun} for feeds that return lists: the two lists, joined. */
    public static <T> List<T> resumedOutput(
            Harnesses harnesses, List<Row> rows, int checkpointAt, int lost, Feed<List<T>> feed)
            throws Exception {
        List<T> out = new ArrayList<>();
        resumedRun(harnesses, rows, checkpointAt, lost, feed).forEach(out::addAll);
        return out;
    }
}
