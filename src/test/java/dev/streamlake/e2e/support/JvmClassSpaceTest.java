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
    private static final long MB = 1024 * 1024;

    /** Cycle 1 just cancelled (4 loaders alive), then collected (none). */
    private static final JvmClassSpace HELD = new JvmClassSpace(20219, 118_400 * MB / 1000, 4);

    private static final JvmClassSpace COLLECTED = new JvmClassSpace(11190, 63_900 * MB / 1000, 0);

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
        JvmClassSpace pinned = new JvmClassSpace(13465, 78_100 * MB / 1000, 1);
        JvmClassSpace pinnedAndLeaked = new JvmClassSpace(13465 + 500, 78_100 * MB / 1000, 1);

        assertThat(pinned.withoutUserCode(oneJob).liveClasses())
                .isEqualTo(13465 - 2257)
                .isLessThanOrEqualTo(COLLECTED.withoutUserCode(oneJob).liveClasses() + 225);
        assertThat(pinnedAndLeaked.withoutUserCode(oneJob).liveClasses())
                .isGreaterThan(COLLECTED.withoutUserCode(oneJob).liveClasses() + 225);
    }

    @Test
    void noLoaderGoneMeasuresNothing() {
        assertThatThrownBy(() -> JvmClassSpace.perLoader(COLLECTED, COLLECTED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no user-code class loader went");
    }
}
