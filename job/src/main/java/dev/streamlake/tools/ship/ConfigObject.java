package dev.streamlake.tools.ship;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One JSON object of {@code agent.json}, read key by key: each value is checked for its type and
 * named by its path ({@code flows[1].maxBufferAgeMillis}) in errors; the keys never read are the
 * ones {@link #unread} reports. The agent reads numbers and booleans from strings too, so do we.
 */
final class ConfigObject {
    private final JsonNode node;
    private final String path;
    private final Set<String> read = new HashSet<>();

    ConfigObject(JsonNode node, String path) {
        if (!node.isObject()) throw new IllegalArgumentException(path + ": expected a JSON object");
        this.node = node;
        this.path = path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    /** Marks a key as known without reading it (reported elsewhere as ignored or unsupported). */
    JsonNode take(String key) {
        read.add(key);
        return node.get(key);
    }

    String string(String key, String fallback) {
        JsonNode v = take(key);
        if (v == null || v.isNull()) return fallback;
        if (!v.isValueNode())
            throw new IllegalArgumentException(path(key) + ": expected a string, found " + v);
        return v.asText();
    }

    String requiredString(String key) {
        String v = string(key, null);
        if (v == null || v.isEmpty()) throw new IllegalArgumentException(path(key) + ": required");
        return v;
    }

    long number(String key, long fallback, long min, long max) {
        String v = string(key, null);
        if (v == null) return fallback;
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    path(key) + ": expected a whole number, found \"" + v + "\"");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(
                    path(key) + ": " + n + " is outside " + min + ".." + max);
        }
        return n;
    }

    boolean bool(String key, boolean fallback) {
        String v = string(key, null);
        if (v == null) return fallback;
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException(
                path(key) + ": expected true or false, found \"" + v + "\"");
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        String v = string(key, null);
        if (v == null) return fallback;
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.trim())) return e;
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) names.add(e.name());
        throw new IllegalArgumentException(path(key) + ": \"" + v + "\" is not one of " + names);
    }

    List<String> strings(String key) {
        JsonNode v = take(key);
        if (v == null || v.isNull()) return null;
        if (!v.isArray())
            throw new IllegalArgumentException(path(key) + ": expected a list of strings");
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    List<ConfigObject> objects(String key) {
        JsonNode v = take(key);
        List<ConfigObject> out = new ArrayList<>();
        if (v == null || v.isNull()) return out;
        if (!v.isArray())
            throw new IllegalArgumentException(path(key) + ": expected a list of objects");
        for (int i = 0; i < v.size(); i++)
            out.add(new ConfigObject(v.get(i), path(key) + "[" + i + "]"));
        return out;
    }

    /** The paths of the keys present but never read. */
    List<String> unread() {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!read.contains(k)) out.add(path(k));
        }
        return out;
    }
}
