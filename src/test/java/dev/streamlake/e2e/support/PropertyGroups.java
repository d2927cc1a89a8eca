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
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        settings.forEach(
                (option, value) -> {
                    String key = option.key();
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
