package dev.streamlake.job.pipeline;

import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.TableSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/** Schema and records shared by the pipeline tests. */
final class Fixtures {
    static final TableSchema SENSORS =
            TableSchema.load(Path.of("../conf/schemas/sensor-readings.json"));
    static final long EVENT_TIME = Instant.parse("2026-11-27T10:15:30.250Z").toEpochMilli();
    static final long ARRIVAL = Instant.parse("2026-11-27T10:15:31Z").toEpochMilli();

    private Fixtures() {}

    static String reading(String status) {
        return "{\"reading_id\":\"r-1\",\"device_id\":\"dev-0001\",\"ts\":\"2026-11-27T10:15:30.250Z\","
                + "\"temperature\":21.5,\"status\":\""
                + status
                + "\",\"owner_email\":\"owner42@example.com\"}";
    }

    static RawRecord raw(byte[] payload, String sequenceNumber) {
        return new RawRecord(
                payload,
                "sensor-readings",
                "shardId-000000000001",
                sequenceNumber,
                "dev-0001",
                ARRIVAL);
    }

    static RawRecord raw(String payload, String sequenceNumber) {
        return raw(payload.getBytes(StandardCharsets.UTF_8), sequenceNumber);
    }
}
