package dev.streamlake.tools.producer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;

/**
 * Realistic sensor readings for many devices, reproducible by seed: daily temperature cycles with
 * noise per device, and a small share of the trouble real streams carry, each labelled with its
 * {@link Kind} so tests and demos know what to expect where.
 */
public final class SampleGenerator {

    /** What a generated record is, and so where it should end up. */
    public enum Kind {
        VALID,
        /** Valid, with an event time one to three hours before the others. */
        LATE,
        /** Valid, with status TEST: the sample configuration drops these. */
        TEST,
        /** Valid, temperature far above the device's normal range. */
        SPIKE,
        /** Valid, from a device whose temperature level has shifted up for good. */
        LEVEL_SHIFT,
        /** Valid, from a device whose temperature has become much noisier for good. */
        VARIANCE_CHANGE,
        /**
         * Valid, one of many readings (of any device) at one planted temperature/humidity
         * combination, {@link #HOTSPOT_TEMPERATURE} °C and {@link #HOTSPOT_HUMIDITY} %, during the
         * planted periods ({@link #inPlantedHotspot}): a dense region for hotspot detection.
         */
        HOTSPOT,
        MALFORMED_JSON,
        WRONG_TYPE,
        MISSING_FIELD,
        INVALID_UTF8;

        private static final Set<Kind> KEPT_AS_EVENTS =
                Collections.unmodifiableSet(
                        EnumSet.of(VALID, LATE, SPIKE, LEVEL_SHIFT, VARIANCE_CHANGE, HOTSPOT));

        /** The kinds that reach the events table under the sample configuration (it drops TEST). */
        public static Set<Kind> keptAsEvents() {
            return KEPT_AS_EVENTS;
        }
    }

    /** One generated record. */
    public static final class Sample {
        public final Kind kind;
        public final String readingId;
        public final String deviceId;
        public final long eventTime;
        public final byte[] payload;

        Sample(Kind kind, String readingId, String deviceId, long eventTime, byte[] payload) {
            this.kind = kind;
            this.readingId = readingId;
            this.deviceId = deviceId;
            this.eventTime = eventTime;
            this.payload = payload;
        }
    }

    /**
     * From this reading on, devices 7, 27, 47, ... (one in twenty) get eight times the noise.
     * Fixed, not drawn, so that adding this kind left every seed's other readings unchanged.
     */
    static final long VARIANCE_FROM = 2_000;

    /**
     * Where the planted hotspot is: far from every device's normal range (about 11–34 °C, 40–70 %).
     */
    public static final double HOTSPOT_TEMPERATURE = 38.0;

    public static final double HOTSPOT_HUMIDITY = 85.0;

    /**
     * Whether reading {@code i} falls in a planted period: readings 5 000–6 999 of every 10 000, of
     * which one in four (else valid) is a {@link Kind#HOTSPOT}. Fixed by position, not drawn, and
     * the hotspot's values come from the same random draws as a valid reading's, so every other
     * reading of a seed is as it was before this kind existed.
     */
    public static boolean inPlantedHotspot(long i) {
        return i % 10_000 >= 5_000 && i % 10_000 < 7_000;
    }

    private final Random random;
    private final long seed;
    private final int devices;
    private final double[] baseline;
    private final long[] seq;
    private final long[] shiftFrom;
    private long n;

    public SampleGenerator(long seed, int devices) {
        this.seed = seed;
        this.devices = devices;
        this.random = new Random(seed);
        this.baseline = new double[devices];
        this.seq = new long[devices];
        this.shiftFrom = new long[devices];
        for (int d = 0; d < devices; d++) {
            baseline[d] = 15 + random.nextDouble() * 15;
            // One device in twenty shifts its level once, somewhere in the first 100k readings.
            shiftFrom[d] = random.nextInt(20) == 0 ? random.nextInt(100_000) : Long.MAX_VALUE;
        }
    }

    /** The next reading, taken at {@code eventTime} (epoch millis). */
    public Sample next(long eventTime) {
        long i = n++;
        int d = random.nextInt(devices);
        String device = String.format(Locale.ROOT, "dev-%04d", d);
        String id = "r-" + seed + "-" + i;
        double roll = random.nextDouble();
        Kind kind =
                roll < 0.005
                        ? Kind.MALFORMED_JSON
                        : roll < 0.008
                                ? Kind.WRONG_TYPE
                                : roll < 0.010
                                        ? Kind.MISSING_FIELD
                                        : roll < 0.011
                                                ? Kind.INVALID_UTF8
                                                : roll < 0.031
                                                        ? Kind.LATE
                                                        : roll < 0.041
                                                                ? Kind.TEST
                                                                : roll < 0.043
                                                                        ? Kind.SPIKE
                                                                        : i >= shiftFrom[d]
                                                                                ? Kind.LEVEL_SHIFT
                                                                                : i >= VARIANCE_FROM
                                                                                                && d
                                                                                                                % 20
                                                                                                        == 7
                                                                                        ? Kind
                                                                                                .VARIANCE_CHANGE
                                                                                        : inPlantedHotspot(
                                                                                                                i)
                                                                                                        && i
                                                                                                                        % 4
                                                                                                                == 0
                                                                                                ? Kind
                                                                                                        .HOTSPOT
                                                                                                : Kind
                                                                                                        .VALID;
        long ts = kind == Kind.LATE ? eventTime - 3_600_000L * (1 + random.nextInt(3)) : eventTime;
        double hourOfDay = (ts / 3_600_000.0) % 24;
        double noise = kind == Kind.VARIANCE_CHANGE ? 2.5 : 0.3;
        double gaussian = random.nextGaussian();
        double temperature =
                kind == Kind.HOTSPOT
                        ? HOTSPOT_TEMPERATURE + gaussian * 0.2
                        : baseline[d]
                                + 4 * Math.sin(2 * Math.PI * (hourOfDay - 9) / 24)
                                + gaussian * noise;
        if (kind == Kind.SPIKE) temperature += 25 + random.nextDouble() * 10;
        if (kind == Kind.LEVEL_SHIFT) temperature += 8;
        String json = reading(id, device, ts, temperature, d, kind);
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        switch (kind) {
            case MALFORMED_JSON:
                payload = json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8);
                break;
            case INVALID_UTF8:
                payload[json.indexOf("\"status\"") + 1] =
                        (byte) 0xC3; // a lead byte without its tail
                break;
            default:
                break;
        }
        return new Sample(kind, id, device, ts, payload);
    }

    private String reading(
            String id, String device, long ts, double temperature, int d, Kind kind) {
        StringBuilder b = new StringBuilder(320);
        b.append("{\"reading_id\":\"").append(id).append('"');
        if (kind != Kind.MISSING_FIELD) b.append(",\"device_id\":\"").append(device).append('"');
        b.append(",\"ts\":");
        switch ((int) (seq[d] % 3)) { // every accepted event-time format appears
            case 0:
                b.append('"').append(Instant.ofEpochMilli(ts)).append('"');
                break;
            case 1:
                b.append(ts);
                break;
            default:
                b.append(String.format(Locale.ROOT, "%.3f", ts / 1000.0));
        }
        b.append(",\"temperature\":");
        if (kind == Kind.WRONG_TYPE) b.append("\"hot\"");
        else b.append(String.format(Locale.ROOT, "%.2f", temperature));
        double uniform = random.nextDouble();
        double humidity =
                kind == Kind.HOTSPOT ? HOTSPOT_HUMIDITY - 0.5 + uniform : 40 + uniform * 30;
        b.append(String.format(Locale.ROOT, ",\"humidity\":%.1f", humidity));
        b.append(
                String.format(Locale.ROOT, ",\"pressure\":%.1f", 1000 + random.nextGaussian() * 8));
        b.append(",\"battery_mv\":").append(3000 + random.nextInt(700));
        b.append(",\"seq\":").append(seq[d]++);
        b.append(",\"status\":\"")
                .append(kind == Kind.TEST ? "TEST" : random.nextInt(50) == 0 ? "WARN" : "OK")
                .append('"');
        b.append(",\"online\":").append(random.nextBoolean());
        b.append(",\"owner_email\":\"owner").append(d).append("@example.com\"");
        b.append(",\"attributes\":{\"firmware\":\"1.")
                .append(d % 5)
                .append(".")
                .append(d % 3)
                .append("\",\"location\":{\"site\":\"plant-")
                .append(d % 7)
                .append("\",\"floor\":")
                .append(d % 4)
                .append("},\"tags\":[\"sensor\",\"v")
                .append(1 + d % 2)
                .append("\"]}");
        return b.append('}').toString();
    }

    /**
     * {@code count} generated readings (0: no end), stamped with the wall clock, at most {@code
     * rate}/s.
     */
    public static Iterator<byte[]> generated(long count, long seed, int devices, double rate) {
        SampleGenerator gen = new SampleGenerator(seed, devices);
        long start = System.nanoTime();
        return new Iterator<>() {
            long i;

            @Override
            public boolean hasNext() {
                return count <= 0 || i < count;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) throw new NoSuchElementException();
                if (rate > 0) pace(start, i, rate);
                i++;
                return gen.next(System.currentTimeMillis()).payload;
            }
        };
    }

    static void pace(long startNanos, long index, double rate) {
        long due = startNanos + (long) (index * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
