package dev.streamlake.e2e.support;

import java.util.List;

/**
 * The records of a run across one injected task failure ({@link FailOnceIo}), each entered in the
 * ledger: the first batch, generated readings and every {@link HandMade} record, goes out before a
 * checkpoint has committed files; the second, more generated readings and the valid reading marked
 * {@link #MARKER} on which the task fails once, after.
 */
public record BatchesAroundAFailure(List<byte[]> first, List<byte[]> second) {
    public static final String MARKER = "hm-marker";

    /** {@code generated} readings in each batch, besides the hand-made ones and the marker. */
    public static BatchesAroundAFailure of(Ledger fx, int generated) {
        List<byte[]> first = fx.generated(generated);
        first.addAll(HandMade.records(fx));
        List<byte[]> second = fx.generated(generated);
        second.add(fx.valid(MARKER, fx.now() - 30 * 60_000L));
        return new BatchesAroundAFailure(first, second);
    }

    /** The records of both batches. */
    public int size() {
        return first.size() + second.size();
    }
}
