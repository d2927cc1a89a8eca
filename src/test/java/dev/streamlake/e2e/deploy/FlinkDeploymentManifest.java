package dev.streamlake.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The documented Flink Kubernetes operator manifest, {@code
 * kda-deploy/kubernetes/flink-deployment.yaml}: its FlinkDeployment's Flink configuration and job
 * arguments, and its ConfigMap's job configuration file. Public so that the cluster tests can run
 * with the same keys.
 */
public final class FlinkDeploymentManifest {
    private final Map<String, Object> deployment;
    private final Map<String, Object> configMap;

    private FlinkDeploymentManifest(Map<String, Object> deployment, Map<String, Object> configMap) {
        this.deployment = deployment;
        this.configMap = configMap;
    }

    public static Path file() {
        return DeployFiles.kdaDeploy().resolve("kubernetes/flink-deployment.yaml");
    }

    @SuppressWarnings("unchecked")
    public static FlinkDeploymentManifest load() {
        String yaml;
        try {
            yaml = Files.readString(file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> deployment = null;
        Map<String, Object> configMap = null;
        for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            Map<String, Object> d = (Map<String, Object>) doc;
            if ("FlinkDeployment".equals(d.get("kind"))) deployment = d;
            if ("ConfigMap".equals(d.get("kind"))) configMap = d;
        }
        if (deployment == null || configMap == null) {
            throw new IllegalStateException(
                    file() + ": expected a FlinkDeployment and a ConfigMap");
        }
        return new FlinkDeploymentManifest(deployment, configMap);
    }

    /** {@code spec.flinkConfiguration}, every value as a string. */
    public Map<String, String> flinkConfiguration() {
        Map<String, String> out = new LinkedHashMap<>();
        map(spec(), "flinkConfiguration").forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    /** {@code spec.job.args}: the program arguments the entry point gets. */
    @SuppressWarnings("unchecked")
    public List<String> jobArgs() {
        List<String> out = new ArrayList<>();
        ((List<Object>) map(spec(), "job").get("args")).forEach(a -> out.add(String.valueOf(a)));
        return out;
    }

    Map<String, Object> spec() {
        return map(deployment, "spec");
    }

    Map<String, Object> job() {
        return map(spec(), "job");
    }

    /** The ConfigMap's files, by name. */
    Map<String, Object> configMapData() {
        return map(configMap, "data");
    }

    String configMapName() {
        return String.valueOf(map(configMap, "metadata").get("name"));
    }

    /** The pod template's flink-main-container. */
    @SuppressWarnings("unchecked")
    Map<String, Object> mainContainer() {
        for (Object c : (List<Object>) map(map(spec(), "podTemplate"), "spec").get("containers")) {
            Map<String, Object> container = (Map<String, Object>) c;
            if ("flink-main-container".equals(container.get("name"))) return container;
        }
        throw new IllegalStateException("no flink-main-container in the pod template");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> podVolumes() {
        return (List<Map<String, Object>>) map(map(spec(), "podTemplate"), "spec").get("volumes");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (!(v instanceof Map))
            throw new IllegalStateException(key + ": expected a mapping, got " + v);
        return (Map<String, Object>) v;
    }
}
