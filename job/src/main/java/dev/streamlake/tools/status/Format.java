package dev.streamlake.tools.status;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Numbers for people. */
final class Format {
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Format() {}

    static String instant(long millis) {
        return UTC.format(Instant.ofEpochMilli(millis));
    }

    static String duration(long millis) {
        if (millis < 1_000) return millis + " ms";
        long s = millis / 1_000;
        if (s < 60) return s + " s";
        if (s < 3_600) return s / 60 + " min " + s % 60 + " s";
        return s / 3_600 + " h " + s % 3_600 / 60 + " min";
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format("%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format("%.1f MiB", n / (1024.0 * 1024));
        return String.format("%.2f GiB", n / (1024.0 * 1024 * 1024));
    }
}
