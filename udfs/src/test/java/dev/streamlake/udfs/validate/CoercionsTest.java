package dev.streamlake.udfs.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decimal strings a cast reads: JSON users' numbers, not everything Java's parser takes. */
class CoercionsTest {
    @ParameterizedTest
    @ValueSource(strings = {"21.5", " 21.5 ", "-3", "+3", "3.", ".5", "1e3", "1E-3", "-0.0"})
    void readsDecimalNumbers(String s) {
        assertThat(Coercions.parseDouble(s)).isEqualTo(Double.parseDouble(s.trim()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "NaN",
                "Infinity",
                "-Infinity",
                "0x1p3",
                "1d",
                "1f",
                "1e",
                ".",
                "1.2.3",
                "٣"
            })
    void rejectsWhatJavaAloneWouldRead(String s) {
        assertThat(Coercions.parseDouble(s)).isNaN();
    }
}
