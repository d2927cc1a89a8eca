package dev.streamlake.udfs.schema;

import java.util.Locale;

/** How a timestamp may appear in the input. */
public enum TimestampFormat {
    /** A string such as {@code 2026-11-27T10:15:30.250Z} or {@code 2026-11-27T11:15:30+01:00}. */
    ISO8601,
    /** A number of seconds since the epoch; a fraction carries milliseconds. */
    EPOCH_SECONDS,
    /** A number of milliseconds since the epoch. */
    EPOCH_MILLIS;

    public static TimestampFormat parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown timestamp format '"
                            + name
                            + "'; expected iso8601, epoch_seconds or epoch_millis");
        }
    }
}
