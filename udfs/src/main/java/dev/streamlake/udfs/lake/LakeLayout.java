package dev.streamlake.udfs.lake;

import dev.streamlake.udfs.schema.Timestamps;

/**
 * The lake's layout: a contract with the Athena DDL in {@code sql/athena-ddl/}.
 *
 * <pre>
 *   &lt;lake&gt;/events/dt=yyyy-MM-dd-HH/part-&lt;uuid&gt;-&lt;subtask&gt;-&lt;n&gt;.json.gz   (by event time, UTC)
 *   &lt;lake&gt;/errors/dt=yyyy-MM-dd-HH/...                                (by arrival time, UTC)
 *   &lt;lake&gt;/anomalies/dt=yyyy-MM-dd-HH/...                             (by event time, UTC)
 *   &lt;lake&gt;/hotspots/dt=yyyy-MM-dd-HH/...                              (by event time, UTC)
 * </pre>
 */
public final class LakeLayout {
    public static final String EVENTS = "events";
    public static final String ERRORS = "errors";

    /** Scored events over the anomaly threshold (only with scoring on); same columns as events. */
    public static final String ANOMALIES = "anomalies";

    /** Hotspots that appeared, moved or disappeared (only with hotspots on). */
    public static final String HOTSPOTS = "hotspots";

    /** Partition folder template; {@code dt} is the UTC hour, formatted {@link #DT_FORMAT}. */
    public static final String TEMPLATE = "dt=${dt}";

    /**
     * The {@code dt} format, as Athena's partition projection (Java DateTimeFormatter) spells it.
     */
    public static final String DT_FORMAT = "yyyy-MM-dd-HH";

    /** Part-file prefix: Athena skips objects whose names start with {@code _} or {@code .}. */
    public static final String PART_PREFIX = "part";

    /** Athena infers GZIP from a lower-case {@code .gz} extension. */
    public static final String JSON_GZIP_SUFFIX = ".json.gz";

    /** Parquet part files (lake.*.format=parquet). */
    public static final String PARQUET_SUFFIX = ".parquet";

    /** Compacted files (lake.compaction.enabled) are named {@code compacted-part-...}. */
    public static final String COMPACTED_PREFIX = "compacted-";

    private LakeLayout() {}

    /** The partition folder of a timestamp: {@code dt=2026-11-27-09}. */
    public static String partitionOf(long epochMillis) {
        return "dt=" + Timestamps.hourOf(epochMillis);
    }
}
