package dev.streamlake.e2e;

import dev.streamlake.e2e.support.FailOnceAtMarker;

/**
 * Fails the task once at {@link #MARKER}, the 4th user record of a marked aggregate in {@link
 * RealProducersIT}. It runs after "Unpack KPL aggregates", chained to it, so the task fails while
 * that operator is in the middle of the aggregate's user records — a point no {@code JobIo} hook
 * reaches, since the unpacking follows the source inside the pipeline.
 */
public class FailOnceMidAggregate extends FailOnceAtMarker {
    public static final String MARKER = "hm-agg-mark-3";

    public FailOnceMidAggregate() {
        super(MARKER);
    }
}
