package dev.streamlake.tools.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The few calls of Flink's REST API (the web UI's own) that the status command makes; public for
 * the end-to-end tests, which read the job's counters the same way.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;

    public FlinkRest(URI base) {
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI base() {
        return base;
    }

    /** {@code GET /jobs/overview}: every job the cluster knows, newest first. */
    public JsonNode jobsOverview() throws IOException {
        return get("jobs/overview");
    }

    /** {@code GET /jobs/:id}: state, start time and vertices. */
    public JsonNode job(String jobId) throws IOException {
        return get("jobs/" + jobId);
    }

    /**
     * {@code GET /jobs/:id/checkpoints}: counts and the latest completed and failed checkpoints.
     */
    public JsonNode checkpoints(String jobId) throws IOException {
        return get("jobs/" + jobId + "/checkpoints");
    }

    /** {@code GET /jobs/:id/metrics?get=...}: job-level metrics such as numRestarts. */
    public JsonNode jobMetrics(String jobId, String... names) throws IOException {
        return get("jobs/" + jobId + "/metrics?get=" + encode(List.of(names)));
    }

    /**
     * The ids of a vertex's metrics, aggregated over its subtasks (empty until the UI's fetcher
     * ran).
     */
    public List<String> vertexMetricIds(String jobId, String vertexId) throws IOException {
        List<String> ids = new ArrayList<>();
        get("jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics")
                .forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }

    /** Those metrics' sum and max over the vertex's subtasks. */
    public JsonNode vertexMetrics(String jobId, String vertexId, Collection<String> ids)
            throws IOException {
        return get(
                "jobs/"
                        + jobId
                        + "/vertices/"
                        + vertexId
                        + "/subtasks/metrics?agg=sum,max&get="
                        + encode(ids));
    }

    private static String encode(Collection<String> ids) {
        return URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
    }

    private JsonNode get(String path) throws IOException {
        HttpRequest request =
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Accept", "application/json")
                        .GET()
                        .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(
                    "GET "
                            + request.uri()
                            + ": HTTP "
                            + response.statusCode()
                            + " "
                            + response.body());
        }
        return JSON.readTree(response.body());
    }
}
