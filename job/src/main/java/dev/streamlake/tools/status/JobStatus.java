package dev.streamlake.tools.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlake.job.metrics.LakeMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the status command prints, read from the REST API: the job, its state and restarts, its
 * checkpoints, and the job's own metrics ({@link LakeMetrics}) with the Kinesis connector's {@code
 * millisBehindLatest}, each summed (counters) or maxed (gauges) over subtasks and operators.
 */
final class JobStatus {
    final String jobId;
    final String name;
    final String state;
    final long startTime;

    /** This machine's clock when the status was read. */
    final long now;

    final long restarts;
    final JsonNode checkpoints;

    /** Label (name plus {key=value} dimensions) to value, in print order. */
    final Map<String, Long> metrics;

    private JobStatus(
            String jobId,
            String name,
            String state,
            long startTime,
            long now,
            long restarts,
            JsonNode checkpoints,
            Map<String, Long> metrics) {
        this.jobId = jobId;
        this.name = name;
        this.state = state;
        this.startTime = startTime;
        this.now = now;
        this.restarts = restarts;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
    }

    /**
     * The status of a job: the one given by id or name part, else the only running job (the newest
     * one when several run).
     */
    static JobStatus read(FlinkRest rest, Optional<String> which) throws IOException {
        String jobId = pick(rest.jobsOverview(), which);
        JsonNode job = rest.job(jobId);
        long restarts = 0;
        for (JsonNode m : rest.jobMetrics(jobId, "numRestarts"))
            restarts = m.path("value").asLong(0);
        Map<String, Long> metrics = new TreeMap<>(JobStatus::byPrintOrder);
        for (JsonNode vertex : job.path("vertices")) {
            String vertexId = vertex.path("id").asText();
            List<String> wanted = new ArrayList<>();
            for (String id : rest.vertexMetricIds(jobId, vertexId)) {
                if (label(id) != null) wanted.add(id);
            }
            if (wanted.isEmpty()) continue;
            for (JsonNode m : rest.vertexMetrics(jobId, vertexId, wanted)) {
                String label = label(m.path("id").asText());
                boolean gauge = LakeMetrics.GAUGES.contains(nameOf(label));
                long value = (long) (gauge ? m.path("max").asDouble() : m.path("sum").asDouble());
                metrics.merge(label, value, gauge ? Math::max : Long::sum);
            }
        }
        return new JobStatus(
                jobId,
                job.path("name").asText(),
                job.path("state").asText(),
                job.path("start-time").asLong(),
                System.currentTimeMillis(),
                restarts,
                rest.checkpoints(jobId),
                metrics);
    }

    private static String pick(JsonNode overview, Optional<String> which) throws IOException {
        List<JsonNode> jobs = new ArrayList<>();
        overview.path("jobs").forEach(jobs::add);
        jobs.sort(
                Comparator.comparingLong((JsonNode j) -> j.path("start-time").asLong()).reversed());
        for (JsonNode j : jobs) {
            if (which.isPresent()) {
                if (j.path("jid").asText().equals(which.get())
                        || j.path("name").asText().contains(which.get())) {
                    return j.path("jid").asText();
                }
            } else if ("RUNNING".equals(j.path("state").asText())) {
                return j.path("jid").asText();
            }
        }
        throw new IOException(
                which.map(w -> "no job with id or name " + w).orElse("no running job")
                        + " (jobs: "
                        + jobs.size()
                        + ")");
    }

    /**
     * The print label of a metric id, or null for metrics the command does not show. Ids look like
     * {@code Parse_and_validate.kinesisanalytics.error_type.MALFORMED_JSON.recordsFailed} (label
     * {@code recordsFailed{error_type=MALFORMED_JSON}}) or, for the connector's gauge, {@code
     * Source__Kinesis__s.KinesisConsumer.stream.s.shardId.shardId-0.millisBehindLatest}.
     */
    static String label(String id) {
        String name = id.substring(id.lastIndexOf('.') + 1);
        if (name.equals(LakeMetrics.MILLIS_BEHIND_LATEST)) return name;
        if (!LakeMetrics.COUNTERS.contains(name) && !LakeMetrics.GAUGES.contains(name)) return null;
        String marker = "." + LakeMetrics.GROUP + ".";
        String dotted = "." + id;
        int at = dotted.indexOf(marker);
        if (at < 0) return null; // a Flink metric of the same name, not ours
        String[] parts = dotted.substring(at + marker.length()).split("\\.");
        StringBuilder label = new StringBuilder(name);
        if (parts.length >= 3) {
            label.append('{');
            for (int i = 0; i + 1 < parts.length - 1; i += 2) {
                if (i > 0) label.append(',');
                label.append(parts[i]).append('=').append(parts[i + 1]);
            }
            label.append('}');
        }
        return label.toString();
    }

    static String nameOf(String label) {
        int brace = label.indexOf('{');
        return brace < 0 ? label : label.substring(0, brace);
    }

    private static int byPrintOrder(String a, String b) {
        int c = Integer.compare(rank(nameOf(a)), rank(nameOf(b)));
        return c != 0 ? c : a.compareTo(b);
    }

    private static int rank(String name) {
        int i = LakeMetrics.COUNTERS.indexOf(name);
        if (i >= 0) return i;
        int g = LakeMetrics.GAUGES.indexOf(name);
        return g >= 0 ? LakeMetrics.COUNTERS.size() + g : Integer.MAX_VALUE;
    }

    /** The report, as printed. */
    String render() {
        StringBuilder out = new StringBuilder();
        Map<String, String> head = new LinkedHashMap<>();
        head.put("job", name + "  (" + jobId + ")");
        head.put(
                "state",
                state
                        + (startTime > 0
                                ? ", up " + Format.duration(Math.max(0, now - startTime))
                                : ""));
        head.put("restarts", String.valueOf(restarts));
        JsonNode counts = checkpoints.path("counts");
        head.put(
                "checkpoints",
                counts.path("completed").asLong()
                        + " completed, "
                        + counts.path("failed").asLong()
                        + " failed, "
                        + counts.path("in_progress").asLong()
                        + " in progress");
        JsonNode last = checkpoints.path("latest").path("completed");
        head.put(
                "last checkpoint",
                last.isMissingNode() || last.isNull()
                        ? "none yet (lake files become visible at the first)"
                        : "#"
                                + last.path("id").asLong()
                                + " at "
                                + Format.instant(last.path("latest_ack_timestamp").asLong())
                                + " ("
                                + Format.duration(
                                        Math.max(
                                                0,
                                                now - last.path("latest_ack_timestamp").asLong()))
                                + " ago), took "
                                + Format.duration(last.path("end_to_end_duration").asLong())
                                + ", "
                                + Format.bytes(
                                        last.path("checkpointed_size")
                                                .asLong(last.path("state_size").asLong())));
        JsonNode failed = checkpoints.path("latest").path("failed");
        if (!failed.isMissingNode() && !failed.isNull()) {
            head.put(
                    "last failed",
                    "#"
                            + failed.path("id").asLong()
                            + " at "
                            + Format.instant(failed.path("failure_timestamp").asLong())
                            + ": "
                            + failed.path("failure_message").asText(""));
        }
        head.forEach((k, v) -> out.append(String.format("%-16s %s%n", k, v)));
        out.append('\n');
        if (metrics.isEmpty()) {
            out.append(
                    "metrics          none yet (the REST API fetches them every few seconds; try again)\n");
            return out.toString();
        }
        int width = metrics.keySet().stream().mapToInt(String::length).max().orElse(10);
        for (Map.Entry<String, Long> e : metrics.entrySet()) {
            String name = nameOf(e.getKey());
            String value =
                    LakeMetrics.GAUGES.contains(name)
                            ? (e.getValue() < 0 ? "n/a" : e.getValue() + " ms")
                                    + "  (worst subtask)"
                            : name.equals(LakeMetrics.BYTES_COMMITTED)
                                    ? e.getValue() + "  (" + Format.bytes(e.getValue()) + ")"
                                    : String.valueOf(e.getValue());
            out.append(String.format("%-" + width + "s  %s%n", e.getKey(), value));
        }
        return out.toString();
    }
}
