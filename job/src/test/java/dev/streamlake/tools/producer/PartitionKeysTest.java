package dev.streamlake.tools.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PartitionKeysTest {
    private final PartitionKeys keys = new PartitionKeys("device_id");

    private String keyOf(String json) {
        return keys.keyOf(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void usesTheFieldValue() {
        assertThat(keyOf("{\"reading_id\":\"r-1\",\"device_id\":\"dev-0042\",\"ts\":1}"))
                .isEqualTo("dev-0042");
    }

    @Test
    void usesTheTextOfNumbersAndBooleans() {
        assertThat(keyOf("{\"device_id\":42}")).isEqualTo("42");
        assertThat(keyOf("{\"device_id\":true}")).isEqualTo("true");
    }

    @Test
    void ignoresTheSameNameInsideNestedObjects() {
        assertThat(
                        keyOf(
                                "{\"attributes\":{\"device_id\":\"inner\"},\"list\":[{\"device_id\":\"x\"}],\"device_id\":\"outer\"}"))
                .isEqualTo("outer");
    }

    @Test
    void truncatesToKinesisLimitOf256() {
        String longId = "d".repeat(300);
        assertThat(keyOf("{\"device_id\":\"" + longId + "\"}")).isEqualTo("d".repeat(256));
    }

    @Test
    void rotatesFallbackForRecordsWithoutUsableKey() {
        assertThat(keyOf("{\"reading_id\":\"r-1\"}")).isEqualTo("no-key-0");
        assertThat(keyOf("{\"device_id\":null}")).isEqualTo("no-key-1");
        assertThat(keyOf("{\"device_id\":\"\"}")).isEqualTo("no-key-2");
        assertThat(keyOf("{\"device_id\":{\"id\":1}}")).isEqualTo("no-key-3");
        assertThat(keyOf("{\"device_id\":")).isEqualTo("no-key-4"); // malformed
        assertThat(keys.keyOf(new byte[] {(byte) 0xFF, (byte) 0xFE})).isEqualTo("no-key-5");
        assertThat(keyOf("[\"device_id\"]")).isEqualTo("no-key-6");
    }

    @Test
    void fallbackCyclesThrough64Keys() {
        PartitionKeys noField = new PartitionKeys(null);
        for (int i = 0; i < 64; i++)
            assertThat(noField.keyOf(new byte[0])).isEqualTo("no-key-" + i);
        assertThat(noField.keyOf(new byte[0])).isEqualTo("no-key-0");
    }

    @Test
    void usesKeyFoundBeforeMalformedRest() {
        assertThat(keyOf("{\"device_id\":\"dev-1\",\"x\":")).isEqualTo("dev-1");
    }
}
