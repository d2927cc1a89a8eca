package dev.streamlake.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** Every message the reader raises is {@code key: reason}, the key from the option. */
class OptionReaderTest {
    private static OptionReader reader(Map<String, String> settings) {
        return new OptionReader(Configuration.fromMap(settings));
    }

    @Test
    void putsTheKeyInFrontOfWhatASetterRejects() {
        OptionReader r = reader(Map.of(ScoringOptions.TREES.key(), "0"));
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                r.apply(
                                        ScoringOptions.TREES,
                                        trees -> {
                                            if (trees < 1)
                                                throw new IllegalArgumentException(
                                                        "expected at least 1, got " + trees);
                                        }))
                .withMessage("scoring.trees: expected at least 1, got 0");
    }

    @Test
    void reportsAValueThatDoesNotParseUnderItsKey() {
        OptionReader r = reader(Map.of(SourceOptions.POLL_INTERVAL.key(), "soon"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> r.optional(SourceOptions.POLL_INTERVAL))
                .withMessage("source.polling.interval: invalid value 'soon'");
    }

    @Test
    void readsRequiredAndPositiveValues() {
        OptionReader r =
                reader(
                        Map.of(
                                SourceOptions.STREAM.key(),
                                " ",
                                SourceOptions.POLL_INTERVAL.key(),
                                "0 ms"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> r.require(SourceOptions.STREAM))
                .withMessage("source.stream: not set (required)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> r.positive(SourceOptions.POLL_INTERVAL))
                .withMessage("source.polling.interval: must be positive");
        assertThat(reader(Map.of()).optional(SourceOptions.ENDPOINT)).isEmpty();
        assertThat(reader(Map.of()).positive(SourceOptions.POLL_INTERVAL))
                .isEqualTo(SourceOptions.POLL_INTERVAL.defaultValue());
        assertThat(
                        reader(Map.of(SourceOptions.POLL_INTERVAL.key(), "2 s"))
                                .get(SourceOptions.POLL_INTERVAL))
                .isEqualTo(Duration.ofSeconds(2));
    }
}
