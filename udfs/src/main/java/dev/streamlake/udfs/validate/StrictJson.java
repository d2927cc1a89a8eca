package dev.streamlake.udfs.validate;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The JSON rules a streaming parser leaves to its caller: no name twice in one object (at any
 * depth, also in values no column reads) and nothing after the record's value. Both are reported as
 * Jackson's own parse errors, so they become {@code MALFORMED_JSON}. One per validator.
 */
final class StrictJson {
    /** Names of the objects being read: a repeated name makes the record malformed JSON. */
    private final ObjectNames names = new ObjectNames();

    /** Forgets the previous record's objects, also those of one that failed mid-way. */
    void startRecord() {
        names.clear();
    }

    void enterObject() {
        names.enterObject();
    }

    /** Records a name of the innermost object; one it already has is an error. */
    void name(JsonParser p, String name) throws JsonParseException {
        if (!names.add(name)) throw duplicate(p, name);
    }

    /**
     * Skips the current value, as {@link JsonParser#skipChildren} does, checking every object in it
     * for repeated names.
     */
    void skip(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        int depth = 0;
        do {
            switch (t) {
                case START_OBJECT:
                    names.enterObject();
                    depth++;
                    break;
                case START_ARRAY:
                    depth++;
                    break;
                case END_OBJECT:
                    names.exitObject();
                    depth--;
                    break;
                case END_ARRAY:
                    depth--;
                    break;
                case FIELD_NAME:
                    if (!names.add(p.currentName())) throw duplicate(p, p.currentName());
                    break;
                default:
                    break;
            }
        } while (depth > 0 && (t = p.nextToken()) != null);
    }

    static void requireEnd(JsonParser p) throws IOException {
        JsonToken extra = p.nextToken();
        if (extra != null) {
            throw new JsonParseException(
                    p, "trailing content after the JSON value: " + Messages.kind(extra));
        }
    }

    private static JsonParseException duplicate(JsonParser p, String name) {
        return new JsonParseException(p, "Duplicate field '" + name + "'");
    }
}
