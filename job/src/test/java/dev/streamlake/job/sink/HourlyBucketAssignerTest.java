package dev.streamlake.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.TimeZone;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HourlyBucketAssignerTest {
    private TimeZone originalZone;
    private final HourlyBucketAssigner<Long> assigner =
            new HourlyBucketAssigner<>(millis -> millis);

    @BeforeEach
    void rememberZone() {
        originalZone = TimeZone.getDefault();
    }

    @AfterEach
    void restoreZone() {
        TimeZone.setDefault(originalZone);
    }

    private String bucket(String instant) {
        return assigner.getBucketId(Instant.parse(instant).toEpochMilli(), null);
    }

    @Test
    void splitsHoursBetween59_999And00_000() {
        assertThat(bucket("2026-11-27T10:59:59.999Z")).isEqualTo("dt=2026-11-27-10");
        assertThat(bucket("2026-11-27T11:00:00.000Z")).isEqualTo("dt=2026-11-27-11");
    }

    @Test
    void bucketsInUtcWhateverTheJvmZone() {
        for (String zone :
                new String[] {"America/New_York", "Asia/Kolkata", "Pacific/Chatham", "UTC"}) {
            TimeZone.setDefault(TimeZone.getTimeZone(zone));
            HourlyBucketAssigner<Long> fresh = new HourlyBucketAssigner<>(millis -> millis);
            assertThat(
                            fresh.getBucketId(
                                    Instant.parse("2026-11-27T23:30:00Z").toEpochMilli(), null))
                    .as(zone)
                    .isEqualTo("dt=2026-11-27-23");
            assertThat(
                            fresh.getBucketId(
                                    Instant.parse("2026-03-29T01:30:00Z").toEpochMilli(), null))
                    .as(zone)
                    .isEqualTo("dt=2026-03-29-01");
        }
    }

    @Test
    void lateRecordKeepsItsOwnHour() {
        assertThat(bucket("2026-11-27T11:00:00Z")).isEqualTo("dt=2026-11-27-11");
        assertThat(bucket("2026-11-27T08:15:00Z")).isEqualTo("dt=2026-11-27-08");
        assertThat(bucket("2026-11-27T11:00:01Z")).isEqualTo("dt=2026-11-27-11");
    }

    @Test
    void cacheDoesNotLeakThePreviousHour() {
        String[] instants = {
            "2026-11-27T10:00:00Z",
            "2026-11-27T10:59:59.999Z",
            "2026-11-27T11:00:00Z",
            "2026-11-27T10:30:00Z",
            "2026-11-28T10:30:00Z",
            "2025-11-27T10:30:00Z",
            "2026-11-27T10:30:00Z"
        };
        String[] expected = {
            "dt=2026-11-27-10",
            "dt=2026-11-27-10",
            "dt=2026-11-27-11",
            "dt=2026-11-27-10",
            "dt=2026-11-28-10",
            "dt=2025-11-27-10",
            "dt=2026-11-27-10"
        };
        for (int i = 0; i < instants.length; i++) {
            assertThat(bucket(instants[i])).as(instants[i]).isEqualTo(expected[i]);
        }
    }

    @Test
    void bucketsTimesBefore1970IntoTheirOwnHour() {
        assertThat(assigner.getBucketId(-1L, null)).isEqualTo("dt=1969-12-31-23");
        assertThat(assigner.getBucketId(0L, null)).isEqualTo("dt=1970-01-01-00");
    }

    @Test
    void worksAfterJavaSerialization() throws Exception {
        assertThat(bucket("2026-11-27T10:00:00Z")).isEqualTo("dt=2026-11-27-10");
        HourlyBucketAssigner<Long> copy = InstantiationUtil.clone(assigner);

        // The cache is transient: after deserialization its hour is 0 (1970-01-01T00), not unset.
        assertThat(copy.getBucketId(1_000L, null)).isEqualTo("dt=1970-01-01-00");
        assertThat(copy.getBucketId(Instant.parse("2026-11-27T12:00:00Z").toEpochMilli(), null))
                .isEqualTo("dt=2026-11-27-12");
    }

    @Test
    void bucketIdsSurviveTheirSerializer() throws Exception {
        String id = bucket("2026-11-27T10:00:00Z");
        var serializer = assigner.getSerializer();

        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(id)))
                .isEqualTo(id);
    }
}
