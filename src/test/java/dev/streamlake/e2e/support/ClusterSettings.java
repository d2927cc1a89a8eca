package dev.streamlake.e2e.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Flink settings the cluster tests give their clusters, beyond {@link FlinkCluster}'s loopback
 * and memory defaults: what an operator of a self-managed cluster sets for this job. No {@code
 * execution.checkpointing.*}: the job enables checkpointing itself from {@code
 * lake.checkpoint-interval}.
 */
public final class ClusterSettings {
    private ClusterSettings() {}

    /**
     * flink-s3-fs-hadoop (the plugin) pointed at the S3 server at {@code endpoint}, with
     * checkpoints and savepoints in {@code bucket}; credentials come from the nodes' environment.
     */
    public static Map<String, String> lakeOnS3(String endpoint, String bucket) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("s3.endpoint", endpoint);
        c.put("s3.endpoint.region", "us-east-1");
        c.put("s3.path.style.access", "true");
        c.put("state.checkpoints.dir", "s3://" + bucket + "/checkpoints");
        c.put("state.savepoints.dir", "s3://" + bucket + "/savepoints");
        // A failed task restarts the job after 1 s, as often as it takes.
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "2147483647");
        c.put("restart-strategy.fixed-delay.delay", "1 s");
        return c;
    }
}
