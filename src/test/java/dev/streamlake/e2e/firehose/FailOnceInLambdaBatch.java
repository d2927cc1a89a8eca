package dev.streamlake.e2e.firehose;

import dev.streamlake.e2e.support.FailOnceAtMarker;

/**
 * Fails the task once at {@link #MARKER}. It runs chained after "Firehose Lambda", so the task
 * fails while that operator is emitting one batch's results: the records of the batch before the
 * marker are downstream, the source is still before the whole batch.
 */
public class FailOnceInLambdaBatch extends FailOnceAtMarker {
    public static final String MARKER = "hm-lambda-mark";

    public FailOnceInLambdaBatch() {
        super(MARKER);
    }
}
