package dev.streamlake.udfs.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The value of a {@code json} column as compact JSON text. An object or array that is already
 * compact in the payload (no whitespace, no escapes) is taken as its bytes; anything else is
 * written anew. Both give the same text; the first allocates one String.
 */
final class JsonSlices {
    private final JsonFactory json;
    private final StrictJson strict;

    JsonSlices(JsonFactory json, StrictJson strict) {
        this.json = json;
        this.strict = strict;
    }

    /** The parser's current value (and its children), which {@code payload} holds. */
    String copy(JsonParser p, byte[] payload) throws IOException {
        if (!p.currentToken().isStructStart()) return write(p);
        long start = p.currentTokenLocation().getByteOffset();
        strict.skip(p); // still checks duplicates (and the parser, depth)
        long end = p.currentTokenLocation().getByteOffset() + 1;
        if (start < 0 || end > payload.length || end <= start) {
            throw new IllegalStateException(
                    "no byte offsets from the parser"); // byte[] input has them
        }
        int from = (int) start;
        int length = (int) (end - start);
        if (isCompactWithoutEscapes(payload, from, length)) {
            return new String(payload, from, length, StandardCharsets.UTF_8);
        }
        try (JsonParser again = json.createParser(payload, from, length)) {
            again.nextToken();
            return write(again);
        }
    }

    private static boolean isCompactWithoutEscapes(byte[] b, int from, int length) {
        byte first = b[from];
        byte last = b[from + length - 1];
        if (!((first == '{' && last == '}') || (first == '[' && last == ']'))) return false;
        for (int i = from; i < from + length; i++) {
            byte c = b[i];
            if (c == ' ' || c == '\\' || c == '\n' || c == '\r' || c == '\t') return false;
        }
        return true;
    }

    private String write(JsonParser p) throws IOException {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = json.createGenerator(out)) {
            // Event by event, not copyCurrentStructure: that rounds decimals through double
            // (12.50 became 12.5, 1e400 the string "Infinity"); numbers keep their own text.
            int depth = 0;
            do {
                JsonToken t = p.currentToken();
                if (t.isNumeric()) g.writeNumber(p.getText());
                else g.copyCurrentEvent(p);
                if (t.isStructStart()) depth++;
                else if (t.isStructEnd()) depth--;
            } while (depth > 0 && p.nextToken() != null);
        }
        return out.toString();
    }
}
