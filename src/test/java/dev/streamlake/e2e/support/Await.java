package dev.streamlake.e2e.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition on the lake or a process. The condition ends the wait; the deadline only
 * ends a hung run, and asserts nothing about speed.
 */
public final class Await {
    private Await() {}

    public static void until(String what, BooleanSupplier condition, Supplier<String> diagnosis)
            throws InterruptedException {
        until(what, Duration.ofMillis(250), condition, diagnosis);
    }

    /** As above, checking the condition every {@code every} (for a condition that costs). */
    public static void until(
            String what, Duration every, BooleanSupplier condition, Supplier<String> diagnosis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out waiting until " + what + ": " + diagnosis.get());
            }
            Thread.sleep(every.toMillis());
        }
    }
}
