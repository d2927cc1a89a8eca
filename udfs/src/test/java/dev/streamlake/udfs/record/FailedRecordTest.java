package dev.streamlake.udfs.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FailedRecordTest {

    private static RawRecord raw(byte[] payload) {
        return new RawRecord(
                payload, "sensor-readings", "shardId-000000000003", "4966", "dev-9", 1234L);
    }

    @Test
    void keepsValidUtf8PayloadAsText() {
        FailedRecord f =
                FailedRecord.of(
                        raw("{\"t\":\"zoë😀\"".getBytes(StandardCharsets.UTF_8)),
                        ErrorType.MALFORMED_JSON,
                        "truncated");

        assertThat(f.payload).isEqualTo("{\"t\":\"zoë😀\"");
        assertThat(f.payloadEncoding).isEqualTo(FailedRecord.UTF8);
    }

    @Test
    void copiesReasonAndArrivalMetadata() {
        FailedRecord f =
                FailedRecord.of(
                        raw(new byte[] {'x'}),
                        ErrorType.WRONG_TYPE,
                        "temperature: expected double");

        assertThat(f.errorType).isEqualTo("WRONG_TYPE");
        assertThat(f.errorMessage).isEqualTo("temperature: expected double");
        assertThat(f.stream).isEqualTo("sensor-readings");
        assertThat(f.shardId).isEqualTo("shardId-000000000003");
        assertThat(f.sequenceNumber).isEqualTo("4966");
        assertThat(f.partitionKey).isEqualTo("dev-9");
        assertThat(f.arrivalTime).isEqualTo(1234L);
    }

    @Test
    void base64EncodesInvalidUtf8Payload() {
        byte[] payload = {'{', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '}'};
        FailedRecord f = FailedRecord.of(raw(payload), ErrorType.INVALID_UTF8, "surrogate");

        assertThat(f.payloadEncoding).isEqualTo(FailedRecord.BASE64);
        assertThat(f.payload).isEqualTo("e+2ggH0=");
        assertThat(f.payloadBytes()).isEqualTo(payload);
    }

    @Test
    void payloadBytesRoundTripsAnyPayload() {
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            byte[] payload = new byte[random.nextInt(40)];
            random.nextBytes(payload);
            if (i % 2 == 0) { // half of them valid text
                payload =
                        new String(payload, StandardCharsets.ISO_8859_1)
                                .getBytes(StandardCharsets.UTF_8);
            }
            assertThat(FailedRecord.of(raw(payload), ErrorType.OVERSIZED, "x").payloadBytes())
                    .isEqualTo(payload);
        }
    }

    @Test
    void treatsNullPayloadAsEmpty() {
        FailedRecord f = FailedRecord.of(raw(null), ErrorType.MALFORMED_JSON, "empty record");
        assertThat(f.payload).isEmpty();
        assertThat(f.payloadBytes()).isEmpty();
    }
}
