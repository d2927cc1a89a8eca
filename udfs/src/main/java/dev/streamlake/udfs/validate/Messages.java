package dev.streamlake.udfs.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.text.Utf8;
import java.io.IOException;

/**
 * How a rejected record's message shows what was wrong: values cut to {@value #EXCERPT} code points
 * (never half a surrogate pair), JSON tokens by their kind, parse errors with their byte.
 */
final class Messages {
    static final int EXCERPT = 40;

    private Messages() {}

    static FieldProblem wrongType(Column c, JsonParser p, JsonToken t, String expected)
            throws IOException {
        return new FieldProblem(
                ErrorType.WRONG_TYPE,
                c.name() + ": expected " + expected + ", got " + excerpt(p, t));
    }

    static String excerpt(JsonParser p, JsonToken t) throws IOException {
        if (!t.isScalarValue()) return kind(t);
        String text = p.getText();
        if (text.codePointCount(0, text.length()) > EXCERPT) {
            text =
                    text.substring(0, text.offsetByCodePoints(0, EXCERPT))
                            + "..."; // never half a pair
        }
        return t == JsonToken.VALUE_STRING ? "string \"" + text + "\"" : kind(t) + " " + text;
    }

    static String kind(JsonToken t) {
        switch (t) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.asString() == null ? t.name() : t.asString();
        }
    }

    static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (e.getLocation() != null && e.getLocation().getByteOffset() >= 0) {
            msg += " (at byte " + e.getLocation().getByteOffset() + ")";
        }
        return msg;
    }

    /**
     * The JSON pointer of the name or value that holds byte {@code offset}, for a message: as far
     * as the record parses, lone surrogates written as escapes, at most {@value #EXCERPT} * 4
     * chars.
     */
    static String pathAt(JsonFactory json, byte[] payload, int offset) {
        String path = "";
        try (JsonParser p = json.createParser(payload)) {
            while (p.nextToken() != null && p.currentTokenLocation().getByteOffset() <= offset) {
                path = p.getParsingContext().pathAsPointer().toString();
            }
        } catch (IOException | RuntimeException e) {
            // The record breaks off before the offset: the path so far is the best we know.
        }
        if (path.isEmpty()) path = "/";
        int max = EXCERPT * 4;
        if (path.length() > max) {
            int cut = path.offsetByCodePoints(0, path.codePointCount(0, max));
            path = path.substring(0, cut) + "...";
        }
        return Utf8.printable(path);
    }
}
