package dev.streamlake.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;

/**
 * Managed Flink's property groups, as the application gets them or as a JSON file of the same
 * shape, flattened to the {@code group.name} keys of the options.
 */
public final class PropertyGroupReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PropertyGroupReader() {}

    /** Flattens property groups to {@code group.name} keys. */
    public static Map<String, String> flatten(Map<String, Properties> groups) {
        Map<String, String> flat = new LinkedHashMap<>();
        groups.forEach(
                (group, props) ->
                        props.stringPropertyNames()
                                .forEach(k -> flat.put(group + "." + k, props.getProperty(k))));
        return flat;
    }

    /**
     * Reads a file in Managed Flink's property-group shape: {@code [{"PropertyGroupId": "source",
     * "PropertyMap": {"stream": "..."}}, ...]}.
     */
    public static Map<String, Properties> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    file + ": cannot read property groups: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + ": expected a JSON array of property groups");
        }
        Map<String, Properties> groups = new LinkedHashMap<>();
        for (JsonNode group : root) {
            String id = group.path("PropertyGroupId").asText("");
            JsonNode map = group.path("PropertyMap");
            if (id.isEmpty() || !map.isObject()) {
                throw new IllegalArgumentException(
                        file + ": each group needs PropertyGroupId and a PropertyMap object");
            }
            Properties props = groups.computeIfAbsent(id, g -> new Properties());
            map.fields()
                    .forEachRemaining(e -> props.setProperty(e.getKey(), e.getValue().asText()));
        }
        return groups;
    }

    /** Rejects the first key (in sorted order) that is none of {@link AllOptions}' keys. */
    static void requireKnownKeys(Map<String, String> flat) {
        Set<String> known =
                AllOptions.list().stream().map(ConfigOption::key).collect(Collectors.toSet());
        for (String key : new TreeMap<>(flat).keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(
                        key + ": unknown key; known keys are " + new TreeSet<>(known));
            }
        }
    }
}
