package dev.streamlake.e2e.support;

import dev.streamlake.job.config.TransformOptions;
import dev.streamlake.job.config.ValidationOptions;
import dev.streamlake.udfs.record.ErrorType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.MemorySize;

/**
 * Hand-made records, each entered in the {@link Ledger} with the outcome it must get under {@link
 * #settings}, and the generator's test records' transforms.
 */
public final class HandMade {
    private static final long HOUR = 3_600_000L;

    private HandMade() {}

    /**
     * What the records' outcomes assume, with the schema's event-time bounds and casts off: records
     * over 4 kb are OVERSIZED, {@link RejectNegativeBattery} fails negative batteries; the
     * generator's {@code TEST} records are dropped and owner e-mails masked.
     */
    public static JobSettings settings(JobSettings s) {
        return s.set(ValidationOptions.MAX_RECORD_SIZE, MemorySize.parse("4 kb"))
                .set(TransformOptions.DROP_IF, "status == 'TEST'")
                .set(TransformOptions.MASK, List.of("owner_email"))
                .set(TransformOptions.CLASS, RejectNegativeBattery.class.getName());
    }

    /** One record for each way a record can fail that the generator does not produce. */
    public static List<byte[]> records(Ledger ledger) {
        long now = ledger.now();
        String iso = "\"" + Instant.ofEpochMilli(now - HOUR) + "\"";
        List<byte[]> out = new ArrayList<>();
        out.add(
                ledger.failing(
                        "hm-oversized",
                        ErrorType.OVERSIZED,
                        Ledger.reading(
                                "hm-oversized",
                                iso,
                                ",\"pad\":\"" + "x".repeat(5000) + "\"",
                                3300)));
        out.add(
                ledger.failing(
                        "hm-future",
                        ErrorType.EVENT_TIME_OUT_OF_RANGE,
                        Ledger.reading(
                                "hm-future",
                                "\"" + Instant.ofEpochMilli(now + 30 * 24 * HOUR) + "\"",
                                "",
                                3300)));
        out.add(
                ledger.failing(
                        "hm-ancient",
                        ErrorType.EVENT_TIME_OUT_OF_RANGE,
                        Ledger.reading("hm-ancient", "\"1999-01-01T00:00:00Z\"", "", 3300)));
        out.add(
                ledger.failing(
                        "hm-badtime",
                        ErrorType.INVALID_EVENT_TIME,
                        Ledger.reading("hm-badtime", "\"yesterday\"", "", 3300)));
        out.add(ledger.failing("hm-array", ErrorType.NOT_AN_OBJECT, "[\"hm-array\"]"));
        out.add(
                ledger.failing(
                        "hm-negative-battery",
                        ErrorType.TRANSFORM_FAILED,
                        Ledger.reading("hm-negative-battery", iso, "", -5)));
        out.add(
                ledger.failing(
                        "hm-string-temp",
                        ErrorType.WRONG_TYPE,
                        Ledger.reading("hm-string-temp", iso, "", 3300)
                                .replace("\"temperature\":21.5", "\"temperature\":\"21.5\"")));
        out.add(
                ledger.failing(
                        "hm-deep",
                        ErrorType.LIMIT_EXCEEDED,
                        Ledger.reading(
                                "hm-deep",
                                iso,
                                ",\"deep\":" + "[".repeat(100) + "]".repeat(100),
                                3300)));
        byte[] valid = ledger.valid("hm-bom", now - HOUR);
        byte[] bom = new byte[valid.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(valid, 0, bom, 3, valid.length);
        out.add(bom);
        return out;
    }
}
