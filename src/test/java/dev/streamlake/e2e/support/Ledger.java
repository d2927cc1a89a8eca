package dev.streamlake.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.LakeFiles.LakeRow;
import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.tools.producer.SampleGenerator;
import dev.streamlake.tools.producer.SampleGenerator.Sample;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.FailedRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The records a test sends and where each must end up — a {@code dt=} partition of events, an
 * {@code error_type} in errors, or {@link #DROPPED} — and the check that the lake holds exactly
 * that: every record once, none twice, nothing else.
 */
public final class Ledger {
    public static final String DROPPED = "DROPPED";
    private static final Pattern ID = Pattern.compile("(r-\\d+-\\d+|hm-[a-z0-9-]+|kpl-\\d+)");
    private static final long HOUR = 3_600_000L;

    private final SampleGenerator generator;
    private final long now;
    private final Map<String, String> expected = new HashMap<>();
    private long next;

    public Ledger(long seed, long now) {
        this.generator = new SampleGenerator(seed, 40);
        this.now = now;
    }

    public long now() {
        return now;
    }

    public Map<String, String> expected() {
        return expected;
    }

    /** Generated readings spread over the last three hours (plus late ones before that). */
    public List<byte[]> generated(int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Sample s = generator.next(now - 3 * HOUR + (next++ * 3 * HOUR) / 1000);
            expected.put(s.readingId, outcome(s));
            out.add(s.payload);
        }
        return out;
    }

    private static String outcome(Sample s) {
        switch (s.kind) {
            case TEST:
                return DROPPED; // with transform.drop-if "status == 'TEST'"
            case MALFORMED_JSON:
                return ErrorType.MALFORMED_JSON.name();
            case WRONG_TYPE:
                return ErrorType.WRONG_TYPE.name();
            case MISSING_FIELD:
                return ErrorType.MISSING_FIELD.name();
            case INVALID_UTF8:
                return ErrorType.INVALID_UTF8.name();
            default:
                return LakeLayout.partitionOf(s.eventTime);
        }
    }

    /** A valid reading with this id and event time. */
    public byte[] valid(String id, long eventTime) {
        expected.put(id, LakeLayout.partitionOf(eventTime));
        return reading(id, "\"" + Instant.ofEpochMilli(eventTime) + "\"", "", 3300)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A record the test builds itself, expected to fail with {@code type}. */
    public byte[] failing(String id, ErrorType type, String json) {
        expected.put(id, type.name());
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A record the test builds itself (a hand-made aggregate, say), expected to end as {@code
     * outcome}.
     */
    public void expect(String id, String outcome) {
        expected.put(id, outcome);
    }

    /** Records expected to be dropped on purpose (by {@code transform.drop-if}). */
    public long dropped() {
        return expected.values().stream().filter(DROPPED::equals).count();
    }

    public static String reading(String id, String ts, String extra, int batteryMv) {
        return "{\"reading_id\":\""
                + id
                + "\",\"device_id\":\"dev-hand\",\"ts\":"
                + ts
                + ",\"temperature\":21.5,\"battery_mv\":"
                + batteryMv
                + extra
                + "}";
    }

    // ---------------------------------------------------------------------------------------
    // Reading the lake

    /** Where a lake's committed rows are read from: local files, or an S3 bucket. */
    @FunctionalInterface
    public interface Tables {
        List<LakeRow> read(String table);
    }

    /** A lake on local disk. */
    public static Tables local(Path lake) {
        return table -> LakeFiles.read(lake, table);
    }

    /** Id to the outcomes found for it: partitions for events, error types for errors. */
    public static Map<String, List<String>> outcomes(Path lake) {
        return outcomes(local(lake));
    }

    public static Map<String, List<String>> outcomes(Tables lake) {
        Map<String, List<String>> seen = new TreeMap<>();
        for (LakeRow r : lake.read(LakeLayout.EVENTS)) {
            seen.computeIfAbsent(r.text("reading_id"), k -> new ArrayList<>()).add(r.partition());
        }
        for (LakeRow r : lake.read(LakeLayout.ERRORS)) {
            seen.computeIfAbsent(idIn(r), k -> new ArrayList<>()).add(r.text("error_type"));
        }
        return seen;
    }

    /** Whether every record that should be in the lake is there (at least once). */
    public boolean allLanded(Path lake) {
        return allLanded(local(lake));
    }

    public boolean allLanded(Tables lake) {
        Map<String, List<String>> seen = outcomes(lake);
        return expected.entrySet().stream()
                .filter(e -> !e.getValue().equals(DROPPED))
                .allMatch(e -> seen.containsKey(e.getKey()));
    }

    /** Waits until every record that should be in the lake is there (at least once). */
    public void awaitLanded(Path lake) throws InterruptedException {
        awaitLanded(local(lake));
    }

    public void awaitLanded(Tables lake) throws InterruptedException {
        Await.until("every record sent is in the lake", () -> allLanded(lake), () -> missing(lake));
    }

    /** For a failure message: what is still missing. */
    public String missing(Path lake) {
        return missing(local(lake));
    }

    public String missing(Tables lake) {
        Map<String, List<String>> seen = outcomes(lake);
        List<String> missing =
                expected.entrySet().stream()
                        .filter(e -> !e.getValue().equals(DROPPED) && !seen.containsKey(e.getKey()))
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .sorted()
                        .limit(30)
                        .collect(Collectors.toList());
        return seen.size() + " ids in the lake, missing e.g. " + missing;
    }

    /** Exactly the expected outcome for every id: right partition or right error, never twice. */
    public void assertExactlyOnce(Path lake) {
        assertExactlyOnce(lake, null, "");
    }

    /**
     * As {@link #assertExactlyOnce(Path)}, first adding a row for {@code fault} to the reliability
     * report (target/e2e/reliability-report.md) with what was sent, found, duplicated and lost.
     */
    public void assertExactlyOnce(Path lake, String fault, String note) {
        assertExactlyOnce(local(lake), fault, note);
    }

    public void assertExactlyOnce(Tables lake, String fault, String note) {
        Map<String, List<String>> seen = outcomes(lake);
        if (fault != null) {
            long dropped = expected.values().stream().filter(DROPPED::equals).count();
            long lost =
                    expected.entrySet().stream()
                            .filter(
                                    e ->
                                            !e.getValue().equals(DROPPED)
                                                    && !seen.containsKey(e.getKey()))
                            .count();
            long duplicates = seen.values().stream().mapToLong(v -> v.size() - 1).sum();
            long found = seen.values().stream().mapToLong(List::size).sum();
            ReliabilityReport.row(fault, expected.size(), found, dropped, duplicates, lost, note);
        }
        Map<String, List<String>> duplicates =
                seen.entrySet().stream()
                        .filter(e -> e.getValue().size() > 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(duplicates).as("records written more than once").isEmpty();
        Map<String, String> actual = new TreeMap<>();
        seen.forEach((id, where) -> actual.put(id, where.get(0)));
        Map<String, String> wanted = new TreeMap<>();
        expected.forEach(
                (id, where) -> {
                    if (!where.equals(DROPPED)) wanted.put(id, where);
                });
        assertThat(actual).isEqualTo(wanted);
        for (LakeRow r : lake.read(LakeLayout.ERRORS)) {
            assertThat(r.partition())
                    .as("errors go by arrival hour")
                    .isEqualTo("dt=" + r.text("arrival_time").substring(0, 13).replace(' ', '-'));
            assertThat(r.text("error_message")).isNotBlank();
        }
    }

    /**
     * The accounting of a run without restarts, from the job's own counters: it read exactly what
     * the producer sent ({@code kinesisRecordsIn} Kinesis records, {@code userRecordsIn} user
     * records after de-aggregation), validated each user record ({@code recordsIn} = {@code
     * userRecordsIn}), and each record read ended somewhere: {@code recordsIn} = events + errors +
     * dropped, less the malformed aggregates, which go to errors whole without being validated.
     * Call it once every record is in the lake, before stopping the job.
     */
    public void assertCounted(
            JobCounters counters, Path lake, long kinesisRecordsSent, long userRecordsSent) {
        assertCounted(counters, local(lake), kinesisRecordsSent, userRecordsSent);
    }

    public void assertCounted(
            JobCounters counters, Tables lake, long kinesisRecordsSent, long userRecordsSent) {
        // After a restart each counter starts again from zero: the sums below would not add up.
        assertThat(counters.restarts())
                .as("restarts (the accounting needs a run without)")
                .isZero();
        long events = lake.read(LakeLayout.EVENTS).size();
        long errors = lake.read(LakeLayout.ERRORS).size();
        String all =
                " (counters: " + counters + "; lake: " + events + " events, " + errors + " errors)";
        long malformed = counters.sum(LakeMetrics.AGGREGATES_MALFORMED);
        assertSum(counters, LakeMetrics.KINESIS_RECORDS_IN, kinesisRecordsSent, "= sent" + all);
        assertSum(counters, LakeMetrics.USER_RECORDS_IN, userRecordsSent, "= sent" + all);
        assertSum(counters, LakeMetrics.RECORDS_IN, userRecordsSent, "= userRecordsIn" + all);
        assertThat(counters.sum(LakeMetrics.RECORDS_IN) + malformed)
                .as("recordsIn + aggregatesMalformed = events + errors + dropped" + all)
                .isEqualTo(events + errors + dropped());
        assertSum(counters, LakeMetrics.RECORDS_OK, events, "= events" + all);
        assertSum(counters, LakeMetrics.RECORDS_FAILED, errors, "= errors" + all);
        assertSum(counters, LakeMetrics.RECORDS_DROPPED, dropped(), "= dropped" + all);
    }

    /** The counter {@code metric}, summed over the job's subtasks, is {@code expected}. */
    private static void assertSum(JobCounters counters, String metric, long expected, String why) {
        assertThat(counters.sum(metric)).as(metric + " " + why).isEqualTo(expected);
    }

    /**
     * The accounting of a run with restarts, whose counters are those of the last attempt only
     * (each attempt starts from zero, and re-reads what came after the checkpoint it restored):
     * within that attempt every user record read was validated and ended somewhere, and no counter
     * exceeds what was sent.
     */
    public void assertCountedAfterRestart(
            JobCounters counters, long kinesisRecordsSent, long userRecordsSent) {
        assertThat(counters.restarts()).as("restarts").isPositive();
        String all = " (counters of the last attempt: " + counters + ")";
        long in = counters.sum(LakeMetrics.RECORDS_IN);
        assertThat(counters.sum(LakeMetrics.KINESIS_RECORDS_IN))
                .as("Kinesis records read" + all)
                .isBetween(1L, kinesisRecordsSent);
        assertThat(counters.sum(LakeMetrics.USER_RECORDS_IN))
                .as("user records read" + all)
                .isBetween(1L, userRecordsSent);
        assertThat(in)
                .as("recordsIn = userRecordsIn" + all)
                .isEqualTo(counters.sum(LakeMetrics.USER_RECORDS_IN));
        assertThat(
                        counters.sum(LakeMetrics.RECORDS_OK)
                                + counters.sum(LakeMetrics.RECORDS_DROPPED)
                                + counters.sum(LakeMetrics.RECORDS_FAILED))
                .as(
                        "recordsOk + recordsDropped + recordsFailed = recordsIn + aggregatesMalformed"
                                + all)
                .isEqualTo(in + counters.sum(LakeMetrics.AGGREGATES_MALFORMED));
    }

    /** The id of a failed record, found in its payload (base64 decoded when need be). */
    public static String idIn(LakeRow errorRow) {
        FailedRecord f = new FailedRecord();
        f.payload = errorRow.text("payload");
        f.payloadEncoding = errorRow.text("payload_encoding");
        Matcher m = ID.matcher(new String(f.payloadBytes(), StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(1) : "unidentified:" + errorRow.row();
    }
}
