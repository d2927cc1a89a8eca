package dev.streamlake.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

/**
 * The arithmetic SessionClusterIT's leak check compares with, on the figures of a TaskManager of a
 * run in which the one loader that can stay was gone after the first cycle and still there after
 * the last (that run failed the check before it left user-code loaders out).
 */
class JvmClassSpaceTest {
    /** Cycle 1 just cancelled (4 loaders alive), then collected (none). */
    private static final JvmClassSpace HELD = new JvmClassSpace(20219, mb(118.4), 4);

    private static final JvmClassSpace COLLECTED = new JvmClassSpace(11190, mb(63.9), 0);

    @Test
    void oneLoaderIsWhatALoaderGoneFreed() {
        JvmClassSpace oneJob = JvmClassSpace.perLoader(HELD, COLLECTED);

        assertThat(oneJob.liveClasses()).isEqualTo((20219 - 11190) / 4);
        assertThat(oneJob.metaspaceUsedMb()).isCloseTo(13.6, offset(0.05));
        assertThat(oneJob.userCodeClassLoaders()).isEqualTo(1);
    }

    @Test
    void aPinnedLoaderIsLeftOutButClassesBesideItCount() {
        JvmClassSpace oneJob = JvmClassSpace.perLoader(HELD, COLLECTED);
        JvmClassSpace pinned = new JvmClassSpace(13465, mb(78.1), 1);
        JvmClassSpace pinnedAndLeaked = new JvmClassSpace(13465 + 500, mb(78.1), 1);

        // SessionClusterIT's limit: where the first cycle left it, plus a tenth of one job.
        long limit = COLLECTED.withoutUserCode(oneJob).liveClasses() + oneJob.liveClasses() / 10;

        assertThat(pinned.withoutUserCode(oneJob).liveClasses())
                .isEqualTo(13465 - oneJob.liveClasses())
                .isLessThanOrEqualTo(limit);
        assertThat(pinned.liveClasses()).as("as the check was before").isGreaterThan(limit);
        assertThat(pinnedAndLeaked.withoutUserCode(oneJob).liveClasses()).isGreaterThan(limit);
    }

    private static long mb(double megabytes) {
        return (long) (megabytes * 1024 * 1024);
    }

    @Test
    void noLoaderGoneMeasuresNothing() {
        assertThatThrownBy(() -> JvmClassSpace.perLoader(COLLECTED, COLLECTED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no user-code class loader went");
    }
}
