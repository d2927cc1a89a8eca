package dev.streamlake.job.metrics;

import java.util.List;
import org.apache.flink.metrics.MetricGroup;

/**
 * The names of the job's own metrics, in one place for the operators that register them, the {@code
 * status} command that reads them, the docs and the CloudWatch alarms.
 *
 * <p>Every custom metric sits under the group {@value #GROUP}: Amazon Managed Service for Apache
 * Flink exports to CloudWatch only the metrics of that group (key/value groups below it, such as
 * {@code error_type} and {@code table}, become dimensions). Locally the group is only a prefix,
 * e.g. {@code Parse_and_validate.kinesisanalytics.recordsIn} in the web UI.
 */
public final class LakeMetrics {
    /** The metric group Managed Flink exports to CloudWatch. */
    public static final String GROUP = "kinesisanalytics";

    /**
     * Kinesis records read from the stream (a KPL aggregate is one), counted by "Unpack KPL
     * aggregates".
     */
    public static final String KINESIS_RECORDS_IN = "kinesisRecordsIn";

    /**
     * User records out of "Unpack KPL aggregates": each user record of an aggregate, and each
     * record that is not one. Equals {@link #RECORDS_IN} of "Parse and validate".
     */
    public static final String USER_RECORDS_IN = "userRecordsIn";

    /**
     * Kinesis records with the KPL magic that cannot be unpacked; each is one errors row of type
     * {@code MALFORMED_AGGREGATE} (also in {@link #RECORDS_FAILED}).
     */
    public static final String AGGREGATES_MALFORMED = "aggregatesMalformed";

    /** Records "Parse and validate" got (user records, KPL aggregates unpacked). */
    public static final String RECORDS_IN = "recordsIn";

    /** Records that passed parsing and validation. */
    public static final String RECORDS_VALID = "recordsValid";

    /** Records the transform passed on, bound for the events table. */
    public static final String RECORDS_OK = "recordsOk";

    /** Records the transform dropped on purpose (never written). */
    public static final String RECORDS_DROPPED = "recordsDropped";

    /**
     * Records sent to the errors table: in total (the metric to alarm on) and, under the key/value
     * group {@link #ERROR_TYPE}, by reason.
     */
    public static final String RECORDS_FAILED = "recordsFailed";

    /** Key of the group that splits {@link #RECORDS_FAILED} by reason. */
    public static final String ERROR_TYPE = "error_type";

    /**
     * Records the Firehose Lambda ({@code transform.firehose-lambda.handler}) returned {@code Ok}:
     * with it, "Parse and validate"'s {@link #RECORDS_IN}; its {@code Dropped} records are in
     * {@link #RECORDS_DROPPED}, its failed ones in {@link #RECORDS_FAILED}.
     */
    public static final String LAMBDA_RECORDS_OK = "lambdaRecordsOk";

    /** Invocations of the Firehose Lambda, and those that failed (each retried or given up). */
    public static final String LAMBDA_INVOCATIONS = "lambdaInvocations";

    public static final String LAMBDA_INVOCATIONS_FAILED = "lambdaInvocationsFailed";

    /** Events scoring at or over {@code scoring.threshold}. */
    public static final String ANOMALIES = "anomalies";

    /** Events the scorer skipped (a feature missing). */
    public static final String RECORDS_NOT_SCORED = "recordsNotScored";

    /**
     * Events whose anomaly score (or an attribution) came out NaN or infinite, e.g. for features
     * near ±Double.MAX_VALUE: written as null, never as the string "NaN".
     */
    public static final String SCORES_NON_FINITE = "scoresNonFinite";

    /** Events that did not enter a hotspot window (a hotspot column missing or not finite). */
    public static final String RECORDS_NOT_IN_HOTSPOTS = "recordsNotInHotspots";

    /** Hotspots that appeared, moved or disappeared. */
    public static final String HOTSPOT_CHANGES = "hotspotChanges";

    /**
     * Rows of a derived table (anomalies, hotspots: copies or summaries of events that have their
     * own outcome in events or errors) that its Encode step could not encode and left out.
     */
    public static final String DERIVED_ROWS_LEFT_OUT = "derivedRowsLeftOut";

    /**
     * Error rows in which text UTF-8 cannot carry (an unpaired surrogate in a message, key or other
     * field) was written as U+FFFD: the errors table is the last resort and takes every row.
     */
    public static final String ERRORS_TEXT_REPLACED = "errorsTextReplaced";

    /** Key of the group that names the lake table of the metrics below. */
    public static final String TABLE = "table";

    /** Part files made visible (renamed or multipart upload completed) by the committer. */
    public static final String FILES_COMMITTED = "filesCommitted";

    /** Bytes of those part files (compressed, as stored). */
    public static final String BYTES_COMMITTED = "bytesCommitted";

    /**
     * Milliseconds since the oldest record handed to the table's writer that no completed
     * checkpoint has committed yet; 0 when everything written is committed.
     */
    public static final String DATA_FRESHNESS = "dataFreshness";

    /**
     * Milliseconds between now and the event-time watermark reaching the events writer; -1 before
     * the first.
     */
    public static final String EVENT_TIME_LAG = "eventTimeLag";

    /** The Kinesis connector's per-shard gauge (FlinkKinesisConsumer); -1 until a shard reports. */
    public static final String MILLIS_BEHIND_LATEST = "millisBehindLatest";

    /** The counters, in the order the status command prints them. */
    public static final List<String> COUNTERS =
            List.of(
                    KINESIS_RECORDS_IN,
                    USER_RECORDS_IN,
                    AGGREGATES_MALFORMED,
                    LAMBDA_INVOCATIONS,
                    LAMBDA_INVOCATIONS_FAILED,
                    LAMBDA_RECORDS_OK,
                    RECORDS_IN,
                    RECORDS_VALID,
                    RECORDS_OK,
                    RECORDS_DROPPED,
                    RECORDS_FAILED,
                    ANOMALIES,
                    RECORDS_NOT_SCORED,
                    SCORES_NON_FINITE,
                    RECORDS_NOT_IN_HOTSPOTS,
                    HOTSPOT_CHANGES,
                    DERIVED_ROWS_LEFT_OUT,
                    ERRORS_TEXT_REPLACED,
                    FILES_COMMITTED,
                    BYTES_COMMITTED);

    /** The gauges, in the order the status command prints them; their worst subtask counts. */
    public static final List<String> GAUGES =
            List.of(DATA_FRESHNESS, EVENT_TIME_LAG, MILLIS_BEHIND_LATEST);

    private LakeMetrics() {}

    /** The exported group below an operator's metric group. */
    public static MetricGroup of(MetricGroup operator) {
        return operator.addGroup(GROUP);
    }

    /** The exported group of one lake table. */
    public static MetricGroup ofTable(MetricGroup operator, String table) {
        return of(operator).addGroup(TABLE, table);
    }
}
