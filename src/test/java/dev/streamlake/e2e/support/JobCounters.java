package dev.streamlake.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.tools.status.FlinkRest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;

/**
 * The job's own counters ({@code <operator>.kinesisanalytics.<name>}), each summed over every
 * subtask of every operator that has it, and the job's restart count, as its REST API reports them
 * (the numbers the web UI and the {@code status} command show).
 */
public final class JobCounters {
    private final Map<String, Long> sums;
    private final long restarts;

    private JobCounters(Map<String, Long> sums, long restarts) {
        this.sums = sums;
        this.restarts = restarts;
    }

    /**
     * The counters once they have settled: two readings more than one metrics refresh apart (see
     * {@link TestCluster}) agree. Call it when everything sent is in the lake.
     */
    public static JobCounters settled(URI rest, JobID job) throws InterruptedException {
        FlinkRest api = new FlinkRest(rest);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        JobCounters last = read(api, job.toHexString());
        while (true) {
            Thread.sleep(700);
            JobCounters now = read(api, job.toHexString());
            if (now.sums.containsKey(LakeMetrics.RECORDS_IN)
                    && now.sums.equals(last.sums)
                    && now.restarts == last.restarts) {
                return now;
            }
            if (System.nanoTime() > deadline)
                throw new AssertionError("the job's counters did not settle: " + now);
            last = now;
        }
    }

    private static JobCounters read(FlinkRest api, String job) {
        try {
            Map<String, Long> sums = new TreeMap<>();
            String suffix = "." + LakeMetrics.GROUP + ".";
            for (JsonNode vertex : api.job(job).path("vertices")) {
                String id = vertex.path("id").asText();
                List<String> counters = new ArrayList<>();
                for (String metric : api.vertexMetricIds(job, id)) {
                    int at = metric.indexOf(suffix);
                    if (at >= 0 && metric.indexOf('.', at + suffix.length()) < 0)
                        counters.add(metric);
                }
                if (counters.isEmpty()) continue;
                for (JsonNode m : api.vertexMetrics(job, id, counters)) {
                    String metric = m.path("id").asText();
                    sums.merge(
                            metric.substring(metric.lastIndexOf('.') + 1),
                            m.path("sum").asLong(),
                            Long::sum);
                }
            }
            long restarts = api.jobMetrics(job, "numRestarts").path(0).path("value").asLong(-1);
            return new JobCounters(sums, restarts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The counters of two jobs that ran one after the other, added up. */
    public JobCounters plus(JobCounters other) {
        Map<String, Long> sum = new TreeMap<>(sums);
        other.sums.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return new JobCounters(sum, restarts + other.restarts);
    }

    /** A counter's sum; fails if no operator reports it. */
    public long sum(String name) {
        Long v = sums.get(name);
        if (v == null)
            throw new AssertionError(
                    "no operator reports " + LakeMetrics.GROUP + "." + name + "; found " + sums);
        return v;
    }

    public long restarts() {
        return restarts;
    }

    @Override
    public String toString() {
        return sums + ", restarts " + restarts;
    }
}
