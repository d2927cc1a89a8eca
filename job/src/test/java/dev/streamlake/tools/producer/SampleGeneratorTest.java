package dev.streamlake.tools.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.tools.producer.SampleGenerator.Kind;
import dev.streamlake.tools.producer.SampleGenerator.Sample;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.validate.RecordValidator;
import dev.streamlake.udfs.validate.Validated;
import dev.streamlake.udfs.validate.ValidationRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleGeneratorTest {
    private static final TableSchema SENSORS =
            TableSchema.load(Path.of("../conf/schemas/sensor-readings.json"));
    private static final long START = Instant.parse("2026-11-27T00:00:00Z").toEpochMilli();
    private static final int SAMPLES = 20_000;
    private static final long SEED = 42;
    private static final int DEVICES = 50;

    private static final Map<Kind, ErrorType> REJECTED_AS =
            new EnumMap<>(
                    Map.of(
                            Kind.MALFORMED_JSON, ErrorType.MALFORMED_JSON,
                            Kind.WRONG_TYPE, ErrorType.WRONG_TYPE,
                            Kind.MISSING_FIELD, ErrorType.MISSING_FIELD,
                            Kind.INVALID_UTF8, ErrorType.INVALID_UTF8));

    private static List<Sample> samples;

    /** 20k readings, one every 100 ms of event time. */
    private static List<Sample> generate(long seed) {
        SampleGenerator g = new SampleGenerator(seed, DEVICES);
        List<Sample> out = new ArrayList<>(SAMPLES);
        for (int i = 0; i < SAMPLES; i++) out.add(g.next(START + i * 100L));
        return out;
    }

    private static long arrivalOf(int i) {
        return START + i * 100L + 500;
    }

    @BeforeAll
    static void generateOnce() {
        samples = generate(SEED);
    }

    @Test
    void sameSeedGivesSameBytes() {
        SampleGenerator again = new SampleGenerator(SEED, DEVICES);
        for (int i = 0; i < 2000; i++) {
            Sample s = again.next(START + i * 100L);
            assertThat(s.payload).as("sample %d", i).isEqualTo(samples.get(i).payload);
            assertThat(s.kind).isEqualTo(samples.get(i).kind);
        }
    }

    @Test
    void otherSeedGivesOtherBytes() {
        assertThat(new SampleGenerator(SEED + 1, DEVICES).next(START).payload)
                .isNotEqualTo(samples.get(0).payload);
    }

    @Test
    void everyKindAppearsIn20kSamples() {
        EnumSet<Kind> seen = EnumSet.noneOf(Kind.class);
        samples.forEach(s -> seen.add(s.kind));

        // LEVEL_SHIFT needs a device whose shift starts in the first 20k readings: true for this
        // seed.
        assertThat(seen).containsExactlyInAnyOrder(Kind.values());
    }

    @Test
    void rejectedKindsAreRejectedWithTheirErrorTypeAndValidKindsPass() {
        RecordValidator validator = new RecordValidator(SENSORS, ValidationRules.defaults());
        Map<Kind, Integer> checked = new EnumMap<>(Kind.class);
        for (int i = 0; i < SAMPLES; i++) {
            Sample s = samples.get(i);
            Validated v =
                    validator.validate(
                            new RawRecord(
                                    s.payload,
                                    "sensor-readings",
                                    "shard-0",
                                    String.valueOf(i),
                                    s.deviceId,
                                    arrivalOf(i)));
            ErrorType expected = REJECTED_AS.get(s.kind);
            if (expected == null) {
                assertThat(v.isOk()).as("sample %d (%s): %s", i, s.kind, v).isTrue();
                assertThat(v.row().getField(SENSORS.eventTimeIndex()))
                        .as("sample %d", i)
                        .isEqualTo(s.eventTime);
                assertThat(v.row().getField(SENSORS.indexOf("reading_id"))).isEqualTo(s.readingId);
                assertThat(v.row().getField(SENSORS.indexOf("device_id"))).isEqualTo(s.deviceId);
            } else {
                assertThat(v.errorType())
                        .as("sample %d (%s): %s", i, s.kind, v)
                        .isEqualTo(expected);
            }
            checked.merge(s.kind, 1, Integer::sum);
        }
        assertThat(checked).containsOnlyKeys(Kind.values());
    }

    @Test
    void testKindCarriesStatusTestAndOthersDoNot() {
        RecordValidator validator = new RecordValidator(SENSORS, ValidationRules.defaults());
        for (int i = 0; i < 2000; i++) {
            Sample s = samples.get(i);
            if (REJECTED_AS.containsKey(s.kind)) continue;
            Object status =
                    validator
                            .validate(new RawRecord(s.payload, "s", "sh", "1", "k", arrivalOf(i)))
                            .row()
                            .getField(SENSORS.indexOf("status"));
            assertThat("TEST".equals(status))
                    .as("sample %d (%s)", i, s.kind)
                    .isEqualTo(s.kind == Kind.TEST);
        }
    }

    @Test
    void lateSamplesAreOneToThreeHoursBehind() {
        for (int i = 0; i < SAMPLES; i++) {
            Sample s = samples.get(i);
            long behind = START + i * 100L - s.eventTime;
            if (s.kind == Kind.LATE) assertThat(behind).isIn(3_600_000L, 7_200_000L, 10_800_000L);
            else assertThat(behind).isZero();
        }
    }

    /** How many of these samples' payloads, read as ISO-8859-1 text, pass {@code test}. */
    private static long payloads(List<Sample> samples, Predicate<String> test) {
        return samples.stream()
                .filter(s -> test.test(new String(s.payload, StandardCharsets.ISO_8859_1)))
                .count();
    }

    @Test
    void usesEveryEventTimeFormat() {
        List<Sample> first = samples.subList(0, 300);
        long iso = payloads(first, p -> p.contains("\"ts\":\""));
        long seconds = payloads(first, p -> p.matches(".*\"ts\":\\d+\\.\\d{3},.*"));
        long millis = payloads(first, p -> p.matches(".*\"ts\":\\d{13},.*"));

        assertThat(iso).isPositive();
        assertThat(seconds).isPositive();
        assertThat(millis).isPositive();
    }
}
