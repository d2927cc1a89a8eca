package dev.streamlake.tools.producer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The partition key of a record: the value of a top-level field (so one device's records stay in
 * order on one shard), or a rotating fallback for records without it (malformed ones included).
 */
public final class PartitionKeys {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_KEY_LENGTH = 256; // Kinesis' limit

    private final String field;
    private long fallback;

    public PartitionKeys(String field) {
        this.field = field;
    }

    public String keyOf(byte[] record) {
        if (field != null) {
            try (JsonParser p = JSON.createParser(record)) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken value = p.nextToken();
                        if (name.equals(field)
                                && value.isScalarValue()
                                && value != JsonToken.VALUE_NULL) {
                            String key = p.getText();
                            if (!key.isEmpty()) {
                                return key.length() > MAX_KEY_LENGTH
                                        ? key.substring(0, MAX_KEY_LENGTH)
                                        : key;
                            }
                        }
                        p.skipChildren();
                    }
                }
            } catch (IOException | RuntimeException notJson) {
                // falls through to the rotating key
            }
        }
        return "no-key-" + (fallback++ % 64);
    }
}
