package dev.streamlake.udfs.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectNamesTest {
    private final ObjectNames names = new ObjectNames();

    @Test
    void aNameRepeatsOnlyWithinItsOwnObject() {
        names.enterObject();
        assertThat(names.add("a")).isTrue();
        assertThat(names.add("b")).isTrue();
        names.enterObject(); // {"a":1,"b":{"a":..., "b":...}} is fine
        assertThat(names.add("a")).isTrue();
        assertThat(names.add("b")).isTrue();
        assertThat(names.add("a")).isFalse();
        names.exitObject();
        names.enterObject(); // a sibling object starts empty
        assertThat(names.add("a")).isTrue();
        names.exitObject();
        assertThat(names.add("c")).isTrue();
        assertThat(names.add("b")).isFalse();
    }

    @Test
    void namesWithTheSameHashAreStillDifferentNames() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        names.enterObject();
        assertThat(names.add("Aa")).isTrue();
        assertThat(names.add("BB")).isTrue();
        assertThat(names.add(new String("BB"))).isFalse();
    }

    @Test
    void anObjectWithManyNamesMovesToAHashSetAndStillFindsRepeats() {
        names.enterObject();
        for (int i = 0; i < 1000; i++) assertThat(names.add("n" + i)).isTrue();
        assertThat(names.add("n0")).isFalse();
        assertThat(names.add("n" + (ObjectNames.SCAN_LIMIT + 5))).isFalse();
        names.enterObject(); // deeper objects still scan, from where the large one's names were
        for (int i = 0; i < 10; i++) assertThat(names.add("n" + i)).isTrue();
        assertThat(names.add("n3")).isFalse();
        names.exitObject();
        assertThat(names.add("n999")).isFalse();
        assertThat(names.add("n1000")).isTrue();
    }

    @Test
    void deepNestingGrowsAndClearForgetsAFailedRecord() {
        for (int d = 0; d < 100; d++) {
            names.enterObject();
            assertThat(names.add("x")).isTrue();
        }
        names.clear();
        names.enterObject();
        assertThat(names.add("x")).isTrue();
    }
}
