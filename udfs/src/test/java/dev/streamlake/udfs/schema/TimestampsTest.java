package dev.streamlake.udfs.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    private static final DateTimeFormatter UTC_SPACE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UTC_HOUR =
            DateTimeFormatter.ofPattern("uuuu-MM-dd-HH").withZone(ZoneOffset.UTC);
    private static final long MIN_MILLIS = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
    private static final long MAX_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    // ---------------------------------------------------------------------------------------
    // parseIso

    @Test
    void parsesIsoWithZ() {
        assertThat(Timestamps.parseIso("2026-11-27T10:15:30Z"))
                .isEqualTo(millis("2026-11-27T10:15:30Z"));
        assertThat(Timestamps.parseIso("2026-11-27t10:15:30z"))
                .isEqualTo(millis("2026-11-27T10:15:30Z"));
    }

    @Test
    void parsesIsoWithOffsetsInAllThreeForms() {
        long expected = millis("2026-11-27T09:45:30Z");
        assertThat(Timestamps.parseIso("2026-11-27T11:15:30+01:30")).isEqualTo(expected);
        assertThat(Timestamps.parseIso("2026-11-27T11:15:30+0130")).isEqualTo(expected);
        assertThat(Timestamps.parseIso("2026-11-27T10:45:30+01")).isEqualTo(expected);
        assertThat(Timestamps.parseIso("2026-11-27T04:45:30-05:00")).isEqualTo(expected);
    }

    @Test
    void parsesFractionsOfOneToNineDigitsTruncatingBeyondMillis() {
        long base = millis("2026-11-27T10:15:30Z");
        assertThat(Timestamps.parseIso("2026-11-27T10:15:30.2Z")).isEqualTo(base + 200);
        assertThat(Timestamps.parseIso("2026-11-27T10:15:30.25Z")).isEqualTo(base + 250);
        assertThat(Timestamps.parseIso("2026-11-27T10:15:30.250Z")).isEqualTo(base + 250);
        assertThat(Timestamps.parseIso("2026-11-27T10:15:30.123999999Z")).isEqualTo(base + 123);
        assertThat(Timestamps.parseIso("2026-11-27T10:15:30,5Z")).isEqualTo(base + 500);
    }

    @Test
    void acceptsSpaceAsDateTimeSeparator() {
        assertThat(Timestamps.parseIso("2026-11-27 10:15:30.250Z"))
                .isEqualTo(millis("2026-11-27T10:15:30.250Z"));
    }

    @Test
    void takesTimeWithoutZoneAsUtc() {
        assertThat(Timestamps.parseIso("2026-11-27T10:15:30.250"))
                .isEqualTo(millis("2026-11-27T10:15:30.250Z"));
        assertThat(Timestamps.parseIso("2026-11-27 10:15"))
                .isEqualTo(millis("2026-11-27T10:15:00Z"));
    }

    @Test
    void acceptsLeapDayOnlyInLeapYears() {
        assertThat(Timestamps.parseIso("2024-02-29T00:00:00Z"))
                .isEqualTo(millis("2024-02-29T00:00:00Z"));
        assertThat(Timestamps.parseIso("2000-02-29T00:00:00Z"))
                .isEqualTo(millis("2000-02-29T00:00:00Z"));
        assertThat(Timestamps.parseIso("2026-02-29T00:00:00Z")).isEqualTo(Timestamps.INVALID);
        assertThat(Timestamps.parseIso("1900-02-29T00:00:00Z")).isEqualTo(Timestamps.INVALID);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-30T10:00:00Z", // Feb 30
                "2026-04-31T10:00:00Z", // April has 30 days
                "2026-11-27T24:00:00Z", // hour 24
                "2026-11-27T10:60:00Z",
                "2026-11-27T10:15:60Z",
                "2026-13-01T10:00:00Z",
                "2026-00-01T10:00:00Z",
                "2026-11-00T10:00:00Z",
                "2026-11-27T10:15:30.Z", // empty fraction
                "2026-11-27T10:15:30.1234567890Z", // ten fraction digits
                "2026-11-27T10:15:30+19:00", // offset beyond ±18h
                "2026-11-27T10:15:30+01:60",
                "2026-11-27T10:15:30+1",
                "2026-11-27T10:15:30Z ", // trailing space
                "2026-11-27T10:15:30ZZ",
                "2026-11-27X10:15:30Z",
                "2026/11/27T10:15:30Z",
                "26-11-27T10:15:30Z",
                "2026-11-27",
                "",
                "yesterday at noon, roughly"
            })
    void rejectsInvalidIso(String text) {
        assertThat(Timestamps.parseIso(text)).isEqualTo(Timestamps.INVALID);
    }

    @Test
    void parsesIsoLikeJavaTimeForRandomInstantsAndOffsets() {
        Random random = new Random(20261127);
        for (int i = 0; i < 5000; i++) {
            long expected =
                    MIN_MILLIS
                            + 86_400_000L
                            + (long)
                                    (random.nextDouble()
                                            * (MAX_MILLIS - MIN_MILLIS - 2 * 86_400_000L));
            Instant instant = Instant.ofEpochMilli(expected);
            assertThat(Timestamps.parseIso(instant.toString()))
                    .as(instant.toString())
                    .isEqualTo(expected);
            // OffsetDateTime.toString leaves out zero seconds and uses every offset form Java
            // knows.
            ZoneOffset offset =
                    ZoneOffset.ofTotalSeconds((random.nextInt(36 * 4 + 1) - 18 * 4) * 900);
            String text = OffsetDateTime.ofInstant(instant, offset).toString();
            assertThat(Timestamps.parseIso(text)).as(text).isEqualTo(expected);
        }
    }

    // ---------------------------------------------------------------------------------------
    // epoch numbers

    @Test
    void convertsEpochSecondsWithFractionToMillis() {
        assertThat(Timestamps.fromEpochSeconds(1764238530)).isEqualTo(1_764_238_530_000L);
        assertThat(Timestamps.fromEpochSeconds(1764238530.25)).isEqualTo(1_764_238_530_250L);
        // 1764238530.123 is not exact in binary; it still means 123 ms.
        assertThat(Timestamps.fromEpochSeconds(1764238530.123)).isEqualTo(1_764_238_530_123L);
        assertThat(Timestamps.fromEpochSeconds(-1.5)).isEqualTo(-1500L);
    }

    @Test
    void roundsEveryMillisecondOfEpochSecondsBackExactly() {
        for (long ms = 1_764_238_530_000L; ms < 1_764_238_531_000L; ms++) {
            assertThat(
                            Timestamps.fromEpochSeconds(
                                    Double.parseDouble(String.format("%.3f", ms / 1000.0))))
                    .isEqualTo(ms);
        }
    }

    @Test
    void convertsEpochMillisRoundingFractions() {
        assertThat(Timestamps.fromEpochMillis(1_764_238_530_123d)).isEqualTo(1_764_238_530_123L);
        assertThat(Timestamps.fromEpochMillis(1_764_238_530_123.6)).isEqualTo(1_764_238_530_124L);
        assertThat(Timestamps.fromEpochMillis(-1d)).isEqualTo(-1L);
    }

    @Test
    void rejectsNonFiniteAndOutOfRangeEpochNumbers() {
        assertThat(Timestamps.fromEpochSeconds(Double.NaN)).isEqualTo(Timestamps.INVALID);
        assertThat(Timestamps.fromEpochSeconds(Double.POSITIVE_INFINITY))
                .isEqualTo(Timestamps.INVALID);
        assertThat(Timestamps.fromEpochMillis(Double.NEGATIVE_INFINITY))
                .isEqualTo(Timestamps.INVALID);
        assertThat(Timestamps.fromEpochSeconds(253402300800d))
                .isEqualTo(Timestamps.INVALID); // year 10000
        assertThat(Timestamps.fromEpochMillis(MAX_MILLIS)).isEqualTo(MAX_MILLIS);
        assertThat(Timestamps.fromEpochMillis(MAX_MILLIS + 1d)).isEqualTo(Timestamps.INVALID);
        assertThat(Timestamps.fromEpochMillis(1e30)).isEqualTo(Timestamps.INVALID);
    }

    // ---------------------------------------------------------------------------------------
    // formatting

    @Test
    void formatsUtcWithMillis() {
        assertThat(Timestamps.formatUtc(millis("2026-11-27T10:15:30.005Z")))
                .isEqualTo("2026-11-27 10:15:30.005");
        assertThat(Timestamps.formatUtc(0)).isEqualTo("1970-01-01 00:00:00.000");
    }

    @Test
    void formatsNegativeEpochsBefore1970() {
        assertThat(Timestamps.formatUtc(-1)).isEqualTo("1969-12-31 23:59:59.999");
        assertThat(Timestamps.hourOf(-1)).isEqualTo("1969-12-31-23");
        assertThat(Timestamps.formatUtc(millis("1901-03-04T05:06:07.089Z")))
                .isEqualTo("1901-03-04 05:06:07.089");
    }

    @Test
    void padsYearsBelow1000ToFourDigits() {
        assertThat(Timestamps.formatUtc(millis("0999-12-31T23:59:59.999Z")))
                .isEqualTo("0999-12-31 23:59:59.999");
        assertThat(Timestamps.formatUtc(millis("0042-01-02T03:04:05.006Z")))
                .isEqualTo("0042-01-02 03:04:05.006");
        assertThat(Timestamps.hourOf(millis("0007-06-05T04:00:00Z"))).isEqualTo("0007-06-05-04");
        assertThat(Timestamps.hourOf(MIN_MILLIS)).isEqualTo("0000-01-01-00");
    }

    @Test
    void hourBoundaryFallsBetween59_999And00_000() {
        assertThat(Timestamps.hourOf(millis("2026-11-27T10:59:59.999Z")))
                .isEqualTo("2026-11-27-10");
        assertThat(Timestamps.hourOf(millis("2026-11-27T11:00:00.000Z")))
                .isEqualTo("2026-11-27-11");
        assertThat(Timestamps.hourOf(millis("2026-12-31T23:59:59.999Z")))
                .isEqualTo("2026-12-31-23");
        assertThat(Timestamps.hourOf(millis("2027-01-01T00:00:00.000Z")))
                .isEqualTo("2027-01-01-00");
    }

    @Test
    void formatsLikeJavaTimeForRandomInstants() {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            long t = MIN_MILLIS + (long) (random.nextDouble() * (MAX_MILLIS - MIN_MILLIS));
            Instant instant = Instant.ofEpochMilli(t);
            assertThat(Timestamps.formatUtc(t))
                    .as("%s", instant)
                    .isEqualTo(UTC_SPACE.format(instant));
            assertThat(Timestamps.hourOf(t)).as("%s", instant).isEqualTo(UTC_HOUR.format(instant));
        }
    }

    @Test
    void formatThenParseRoundTrips() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            long t = MIN_MILLIS + (long) (random.nextDouble() * (MAX_MILLIS - MIN_MILLIS));
            assertThat(Timestamps.parseIso(Timestamps.formatUtc(t))).isEqualTo(t);
        }
    }

    @Test
    void appendUtcAppendsToWhatIsThere() {
        StringBuilder b = new StringBuilder("at ");
        Timestamps.appendUtc(millis("2026-11-27T10:15:30.250Z"), b);
        assertThat(b).hasToString("at 2026-11-27 10:15:30.250");
    }

    @Test
    void utcTextReusesTheSecondAndMatchesFormatUtc() {
        Timestamps.UtcText text = new Timestamps.UtcText();
        Random random = new Random(7);
        long t = 1_795_000_000_000L;
        for (int i = 0; i < 20_000; i++) {
            // Mostly forward in small steps (rows in time order), sometimes anywhere in 0000-9999.
            t =
                    i % 100 == 0
                            ? Math.floorMod(random.nextLong(), 253402300799999L)
                            : t + random.nextInt(700) - 100;
            assertThat(text.format(t)).isTrue();
            assertThat(new String(text.chars(), 0, Timestamps.UtcText.LENGTH))
                    .isEqualTo(Timestamps.formatUtc(t));
        }
    }

    @Test
    void utcTextDeclinesYearsItCannotWriteIn23Chars() {
        Timestamps.UtcText text = new Timestamps.UtcText();
        assertThat(text.format(253402300800000L)).isFalse(); // 10000-01-01
        assertThat(text.format(-62167219200001L)).isFalse(); // -0001-12-31
        assertThat(text.format(0L)).isTrue();
        assertThat(new String(text.chars())).isEqualTo("1970-01-01 00:00:00.000");
    }
}
