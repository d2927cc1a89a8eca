package dev.streamlake.udfs.lake;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Serializable;

/** Writes one value as one JSON object; the caller adds the line break. */
public interface LineEncoder<T> extends Serializable {
    void write(T value, JsonGenerator out) throws IOException;
}
