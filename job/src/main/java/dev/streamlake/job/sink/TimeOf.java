package dev.streamlake.job.sink;

import java.io.Serializable;

/** The epoch-millis timestamp that places a record in its hourly partition. */
@FunctionalInterface
public interface TimeOf<T> extends Serializable {
    long millis(T record);
}
