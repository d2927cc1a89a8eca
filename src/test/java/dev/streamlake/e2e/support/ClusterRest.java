package dev.streamlake.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The calls of Flink's REST API that a user (or the {@code flink} CLI) makes on a cluster: upload
 * and run a jar, watch, cancel and stop a job, read TaskManager metrics. Non-2xx answers throw with
 * Flink's error text.
 */
public final class ClusterRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ENDED = Set.of("FAILED", "CANCELED", "FINISHED");

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ClusterRest(int port) {
        this.base = URI.create("http://127.0.0.1:" + port + "/");
    }

    public URI base() {
        return base;
    }

    // ---------------------------------------------------------------------------------------
    // Jars and jobs

    /** {@code POST /jars/upload} (multipart, field {@code jarfile}); returns the jar's id. */
    public String uploadJar(Path jar) {
        String boundary = "----streamlake" + UUID.randomUUID();
        String head =
                "--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                        + jar.getFileName()
                        + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest.BodyPublisher body;
        try {
            body =
                    HttpRequest.BodyPublishers.concat(
                            HttpRequest.BodyPublishers.ofString(head),
                            HttpRequest.BodyPublishers.ofFile(jar),
                            HttpRequest.BodyPublishers.ofString(tail));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode answer =
                send(
                        HttpRequest.newBuilder(base.resolve("jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(body)
                                .timeout(Duration.ofMinutes(2))
                                .build());
        String file = answer.path("filename").asText();
        if (!"success".equals(answer.path("status").asText()) || file.isEmpty()) {
            throw new IllegalStateException("upload refused: " + answer);
        }
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /**
     * {@code POST /jars/<id>/run} with {@code programArgsList} at {@code parallelism}, restoring
     * from {@code savepointPath} unless it is null; returns the job id. The jar's main runs in the
     * JobManager, so a configuration error comes back here as the answer's error text.
     */
    public String runJar(
            String jarId, List<String> programArgs, int parallelism, String savepointPath) {
        ObjectNode body = JSON.createObjectNode();
        body.putPOJO("programArgsList", programArgs);
        body.put("parallelism", parallelism);
        if (savepointPath != null) body.put("savepointPath", savepointPath);
        return post("jars/" + jarId + "/run", body).path("jobid").asText();
    }

    /** {@code GET /jobs/<id>}: state, vertices and their states. */
    public JsonNode job(String jobId) {
        return get("jobs/" + jobId);
    }

    public String state(String jobId) {
        return job(jobId).path("state").asText();
    }

    /** Ids of every job the cluster knows ({@code GET /jobs}). */
    public List<String> jobIds() {
        List<String> ids = new ArrayList<>();
        get("jobs").path("jobs").forEach(j -> ids.add(j.path("id").asText()));
        return ids;
    }

    /** Whether the job and every one of its tasks are RUNNING; throws if the job has ended. */
    public boolean allTasksRunning(String jobId) {
        JsonNode job = job(jobId);
        String state = job.path("state").asText();
        if (ENDED.contains(state))
            throw new IllegalStateException(
                    "job " + jobId + " is " + state + ": " + exceptions(jobId));
        if (!state.equals("RUNNING")) return false;
        for (JsonNode v : job.path("vertices")) {
            if (v.path("tasks").path("RUNNING").asInt() != v.path("parallelism").asInt())
                return false;
        }
        return true;
    }

    /** Waits until the job's tasks all run. */
    public void awaitRunning(String jobId) throws InterruptedException {
        Await.until(
                "job " + jobId + " runs all its tasks",
                () -> allTasksRunning(jobId),
                () -> job(jobId).toString());
    }

    /** {@code PATCH /jobs/<id>?mode=cancel}, then waits until the job is CANCELED. */
    public void cancel(String jobId) throws InterruptedException {
        requestCancel(jobId);
        awaitState(jobId, "CANCELED");
    }

    /**
     * {@code PATCH /jobs/<id>?mode=cancel} only (an application cluster then shuts itself down).
     */
    public void requestCancel(String jobId) {
        send(
                HttpRequest.newBuilder(base.resolve("jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    public void awaitState(String jobId, String state) throws InterruptedException {
        Await.until(
                "job " + jobId + " is " + state,
                () -> state.equals(state(jobId)),
                () -> job(jobId).toString());
    }

    /**
     * {@code POST /jobs/<id>/stop}: a final savepoint (canonical format) in {@code
     * targetDirectory}, then the job stops (FINISHED). Returns the savepoint's location.
     */
    public String stopWithSavepoint(String jobId, String targetDirectory)
            throws InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("targetDirectory", targetDirectory);
        body.put("drain", false);
        body.put("formatType", "CANONICAL");
        String request = post("jobs/" + jobId + "/stop", body).path("request-id").asText();
        JsonNode[] status = new JsonNode[1];
        Await.until(
                "the savepoint of " + jobId + " is done",
                () -> {
                    status[0] = get("jobs/" + jobId + "/savepoints/" + request);
                    return status[0].path("status").path("id").asText().equals("COMPLETED");
                },
                () -> String.valueOf(status[0]));
        JsonNode operation = status[0].path("operation");
        if (operation.has("failure-cause"))
            throw new IllegalStateException("savepoint failed: " + operation);
        awaitState(jobId, "FINISHED");
        return operation.path("location").asText();
    }

    /** The TaskManagers (resource ids) that run at least one of the job's tasks. */
    public Set<String> taskManagersOf(String jobId) {
        Set<String> ids = new TreeSet<>();
        for (JsonNode v : job(jobId).path("vertices")) {
            for (JsonNode t :
                    get("jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/taskmanagers")
                            .path("taskmanagers")) {
                if (t.path("status").asText().equals("RUNNING"))
                    ids.add(t.path("taskmanager-id").asText());
            }
        }
        return ids;
    }

    /**
     * {@code GET /jobs/<id>/checkpoints/config}: mode ({@code exactly_once}), interval (ms), ...
     */
    public JsonNode checkpointConfig(String jobId) {
        return get("jobs/" + jobId + "/checkpoints/config");
    }

    /** The savepoint or checkpoint the job was restored from, or "" if none. */
    public String restoredFrom(String jobId) {
        return get("jobs/" + jobId + "/checkpoints")
                .path("latest")
                .path("restored")
                .path("external_path")
                .asText("");
    }

    /** Completed checkpoints of the job. */
    public long completedCheckpoints(String jobId) {
        return get("jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** The failures the job has had (each restart has one), newest first. */
    public JsonNode exceptionHistory(String jobId) {
        return get("jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
    }

    /** For failure messages: the job's root exception, if any. */
    public String exceptions(String jobId) {
        try {
            return get("jobs/" + jobId + "/exceptions").path("root-exception").asText("none");
        } catch (RuntimeException e) {
            return "(exceptions unavailable: " + e.getMessage() + ")";
        }
    }

    // ---------------------------------------------------------------------------------------
    // TaskManagers

    /** Ids of the registered TaskManagers (their resource ids). */
    public List<String> taskManagerIds() {
        List<String> ids = new ArrayList<>();
        get("taskmanagers").path("taskmanagers").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    /** Whether every registered TaskManager has all its slots free (no job holds any). */
    public boolean allSlotsFree() {
        for (JsonNode t : get("taskmanagers").path("taskmanagers")) {
            if (t.path("freeSlots").asInt() != t.path("slotsNumber").asInt()) return false;
        }
        return true;
    }

    /**
     * {@code GET /taskmanagers/<id>/metrics?get=...}: metric name to value, as Flink reports them.
     */
    public JsonNode taskManagerMetrics(String id, String... names) {
        return get(
                "taskmanagers/"
                        + id
                        + "/metrics?get="
                        + URLEncoder.encode(String.join(",", names), StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------------------------------

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    private JsonNode post(String path, JsonNode body) {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build());
    }

    private JsonNode send(HttpRequest request) {
        HttpRequest timed =
                request.timeout().isPresent()
                        ? request
                        : HttpRequest.newBuilder(request, (k, v) -> true)
                                .timeout(Duration.ofMinutes(1))
                                .build();
        try {
            HttpResponse<String> r = http.send(timed, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        request.method()
                                + " "
                                + request.uri()
                                + ": HTTP "
                                + r.statusCode()
                                + ": "
                                + r.body());
            }
            return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
