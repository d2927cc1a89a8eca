package dev.streamlake.e2e.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;

/**
 * A job configuration file in Managed Flink's property-group JSON shape (what the service writes to
 * {@code /etc/flink/application_properties.json}, and what {@code --config FILE} reads): {@code
 * [{"PropertyGroupId": "lake", "PropertyMap": {"path": "..."}}, ...]}, option {@code group.name}
 * going to group {@code group} as key {@code name}.
 */
public final class PropertyGroups {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PropertyGroups() {}

    /** Writes {@code settings} (option to value) to {@code file} and returns it. */
    public static Path write(Path file, Map<ConfigOption<?>, String> settings) {
        Map<String, String> byKey = new LinkedHashMap<>();
        settings.forEach((option, value) -> byKey.put(option.key(), value));
        return writeKeys(file, byKey);
    }

    /** Writes what a test set in {@code settings} to {@code file} and returns it. */
    public static Path write(Path file, JobSettings settings) {
        return writeKeys(file, settings.toMap());
    }

    private static Path writeKeys(Path file, Map<String, String> settings) {
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        settings.forEach(
                (key, value) -> {
                    int dot = key.indexOf('.');
                    groups.computeIfAbsent(key.substring(0, dot), g -> JSON.createObjectNode())
                            .put(key.substring(dot + 1), value);
                });
        ArrayNode root = JSON.createArrayNode();
        groups.forEach(
                (id, map) -> root.addObject().put("PropertyGroupId", id).set("PropertyMap", map));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
