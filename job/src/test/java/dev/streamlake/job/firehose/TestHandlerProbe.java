package dev.streamlake.job.firehose;

import java.util.List;

/** The test handlers' records, for tests outside their package. */
public final class TestHandlerProbe {
    private TestHandlerProbe() {}

    /** The name of a handler that keeps each invocation's batch size. */
    public static String batchSizes() {
        return TestHandlers.BatchSizes.class.getName();
    }

    public static List<Integer> sizes() {
        return List.copyOf(TestHandlers.BatchSizes.SIZES);
    }

    public static void clear() {
        TestHandlers.BatchSizes.SIZES.clear();
        TestHandlers.EVENTS.clear();
        TestHandlers.CONTEXTS.clear();
    }
}
