package dev.streamlake.job.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.streamlake.job.config.LakeOptions.Format;
import dev.streamlake.udfs.lake.LineEncoder;
import dev.streamlake.udfs.lake.Utf16;
import dev.streamlake.udfs.schema.Timestamps;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Turns a lake table's records into exactly what its writer writes ({@link EncodedRecord}), or says
 * why a record cannot be written unchanged. Every value is checked against its column first, the
 * same for both formats, so a record lands in the same table whichever format is chosen:
 *
 * <ul>
 *   <li>string: a String without unpaired surrogates (UTF-8 cannot carry one: Java writes {@code
 *       ?}, Jackson a {@code \\uD800} escape that Trino reads as {@code ?});
 *   <li>json: a String holding one JSON value on one line, no string or name in it with an unpaired
 *       surrogate (JSON tables copy it into the line as it is);
 *   <li>double: a finite Double (JSON has no NaN or Infinity; Jackson would write the string
 *       "NaN");
 *   <li>timestamp: a Long of the years 0000–9999 (the {@code yyyy-MM-dd HH:mm:ss.SSS} text);
 *   <li>bigint, int, boolean: a Long, Integer, Boolean.
 * </ul>
 *
 * Rows the validator produced pass all of this; a user's {@code transform.class} can break any of
 * it. Not thread-safe: one per subtask (it is serialized into each).
 */
public abstract class TableEncoder<T> implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    final LakeColumns<T> columns;
    private final TimeOf<T> partitionTime;

    TableEncoder(LakeColumns<T> columns, TimeOf<T> partitionTime) {
        this.columns = columns;
        this.partitionTime = partitionTime;
    }

    /**
     * JSON lines through {@code json} (the table's {@link LineEncoder}), or Parquet values (for
     * Iceberg tables too: their files are Parquet).
     */
    public static <T> TableEncoder<T> of(
            Format format, LakeColumns<T> columns, LineEncoder<T> json, TimeOf<T> partitionTime) {
        return format == Format.JSON_GZIP
                ? new JsonLine<>(columns, json, partitionTime)
                : new ParquetValues<>(columns, partitionTime);
    }

    /** The record as its writer writes it; never throws anything but {@link EncodingException}. */
    public final EncodedRecord encode(T record) throws EncodingException {
        try {
            long time = partitionTime.millis(record);
            for (int i = 0; i < columns.size(); i++) check(i, columns.get(record, i));
            return encodeChecked(record, time);
        } catch (EncodingException e) {
            throw e;
        } catch (IllegalArgumentException e) { // from the partition time: says which column
            throw new EncodingException(e.getMessage());
        } catch (RuntimeException e) { // a row of the wrong shape, e.g. too few fields
            throw new EncodingException("cannot encode the record: " + e);
        }
    }

    abstract EncodedRecord encodeChecked(T record, long partitionTime) throws EncodingException;

    private void check(int i, Object v) throws EncodingException {
        if (v == null) return;
        switch (columns.type(i)) {
            case STRING:
                String s = expect(i, v, String.class);
                int bad = Utf16.firstLoneSurrogate(s);
                if (bad >= 0) throw unpaired(i, s, bad);
                return;
            case JSON:
                checkJson(i, expect(i, v, String.class));
                return;
            case DOUBLE:
                double d = expect(i, v, Double.class);
                if (!Double.isFinite(d))
                    throw column(i, d + " is no JSON number (the table holds finite doubles)");
                return;
            case TIMESTAMP:
                long t = expect(i, v, Long.class);
                if (t < Timestamps.FIRST_WRITABLE || t > Timestamps.LAST_WRITABLE) {
                    throw column(
                            i,
                            t + " ms is outside the years 0000-9999 the table's timestamps hold");
                }
                return;
            case BIGINT:
                expect(i, v, Long.class);
                return;
            case INT:
                expect(i, v, Integer.class);
                return;
            case BOOLEAN:
                expect(i, v, Boolean.class);
                return;
            default:
                throw new IllegalStateException(columns.type(i).name());
        }
    }

    private <V> V expect(int i, Object v, Class<V> type) throws EncodingException {
        if (!type.isInstance(v)) {
            throw column(
                    i, "expected a " + type.getSimpleName() + ", got a " + v.getClass().getName());
        }
        return type.cast(v);
    }

    private void checkJson(int i, String text) throws EncodingException {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw column(i, "json text spans lines (a JSON table holds one record per line)");
        }
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) throw column(i, "empty json text");
            int depth = 0;
            do {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING) {
                    int bad =
                            Utf16.firstLoneSurrogate(
                                    p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    if (bad >= 0) throw unpaired(i, p.getText(), bad);
                } else if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
            } while (depth > 0 && (t = p.nextToken()) != null);
            if (depth > 0) throw column(i, "json text ends inside a value");
            if (p.nextToken() != null) throw column(i, "json text has content after its value");
        } catch (IOException e) {
            throw column(i, "not valid json text: " + e.getMessage().split("\n")[0]);
        }
    }

    private EncodingException unpaired(int i, String s, int at) {
        return column(
                i,
                String.format(
                        "unpaired surrogate U+%04X at char %d (UTF-8 cannot carry it)",
                        (int) s.charAt(at), at));
    }

    private EncodingException column(int i, String reason) {
        return EncodingException.column(columns.name(i), reason);
    }

    /** A JSON table: the NDJSON line, written by the table's {@link LineEncoder}. */
    static final class JsonLine<T> extends TableEncoder<T> {
        private static final long serialVersionUID = 1L;
        // Shortest round-trip digits for doubles (Schubfach), much faster than Double.toString.
        private static final JsonFactory LINES =
                JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

        private final LineEncoder<T> json;
        private transient ByteArrayBuilder buffer;
        private transient JsonGenerator out;

        JsonLine(LakeColumns<T> columns, LineEncoder<T> json, TimeOf<T> partitionTime) {
            super(columns, partitionTime);
            this.json = json;
        }

        @Override
        EncodedRecord encodeChecked(T record, long partitionTime) throws EncodingException {
            try {
                if (out == null) start();
                buffer.reset();
                json.write(record, out);
                out.flush();
                return EncodedRecord.line(partitionTime, buffer.toByteArray());
            } catch (IOException | RuntimeException e) {
                out = null; // its state is unknown now; the next record gets a new one
                throw new EncodingException("cannot write the JSON line: " + e);
            }
        }

        private void start() throws IOException {
            buffer = new ByteArrayBuilder(1024);
            out = LINES.createGenerator(buffer);
            out.setRootValueSeparator(null);
        }
    }

    /** A Parquet table: the column values, text as its UTF-8 bytes. */
    static final class ParquetValues<T> extends TableEncoder<T> {
        private static final long serialVersionUID = 1L;

        ParquetValues(LakeColumns<T> columns, TimeOf<T> partitionTime) {
            super(columns, partitionTime);
        }

        @Override
        EncodedRecord encodeChecked(T record, long partitionTime) {
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                Object v = columns.get(record, i);
                // Checked: no unpaired surrogate, so these bytes are exactly the text.
                values[i] = v instanceof String ? ((String) v).getBytes(StandardCharsets.UTF_8) : v;
            }
            return EncodedRecord.values(partitionTime, values);
        }
    }
}
