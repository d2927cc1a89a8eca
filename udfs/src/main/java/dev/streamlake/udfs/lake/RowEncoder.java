package dev.streamlake.udfs.lake;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.streamlake.udfs.schema.ColumnType;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.schema.Timestamps;
import java.io.IOException;
import org.apache.flink.types.Row;

/**
 * Writes a row of the schema as a JSON object, in the form the Athena DDL reads: null columns left
 * out, timestamps as {@code yyyy-MM-dd HH:mm:ss.SSS} UTC, JSON columns as nested JSON.
 */
public final class RowEncoder implements LineEncoder<Row> {
    private static final long serialVersionUID = 1L;

    private final TableSchema schema;
    private transient SerializableString[] names;
    private transient ColumnType[] types;
    private transient StringBuilder scratch;

    /** Per timestamp column: its formatter (consecutive rows mostly share the second). */
    private transient Timestamps.UtcText[] timestamps;

    private transient char[] number;

    public RowEncoder(TableSchema schema) {
        this.schema = schema;
    }

    @Override
    public void write(Row row, JsonGenerator out) throws IOException {
        if (names == null) init();
        out.writeStartObject();
        for (int i = 0; i < names.length; i++) {
            Object v = row.getField(i);
            if (v == null) continue;
            out.writeFieldName(names[i]);
            switch (types[i]) {
                case STRING:
                    out.writeString((String) v);
                    break;
                case BIGINT:
                    out.writeNumber((Long) v);
                    break;
                case INT:
                    out.writeNumber((Integer) v);
                    break;
                case DOUBLE:
                    double d = (Double) v;
                    int length = ShortDecimal.format(d, number);
                    if (length > 0) out.writeNumber(number, 0, length);
                    else out.writeNumber(d);
                    break;
                case BOOLEAN:
                    out.writeBoolean((Boolean) v);
                    break;
                case TIMESTAMP:
                    long millis = (Long) v;
                    if (timestamps[i].format(millis)) {
                        out.writeString(timestamps[i].chars(), 0, Timestamps.UtcText.LENGTH);
                    } else {
                        scratch.setLength(0);
                        out.writeString(Timestamps.appendUtc(millis, scratch).toString());
                    }
                    break;
                case JSON:
                    out.writeRawValue((String) v);
                    break;
            }
        }
        out.writeEndObject();
    }

    private void init() {
        int n = schema.size();
        names = new SerializableString[n];
        types = new ColumnType[n];
        timestamps = new Timestamps.UtcText[n];
        for (int i = 0; i < n; i++) {
            names[i] = new SerializedString(schema.column(i).name());
            types[i] = schema.column(i).type();
            if (types[i] == ColumnType.TIMESTAMP) timestamps[i] = new Timestamps.UtcText();
        }
        scratch = new StringBuilder(32);
        number = new char[ShortDecimal.MAX_LENGTH];
    }
}
