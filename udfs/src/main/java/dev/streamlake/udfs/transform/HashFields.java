package dev.streamlake.udfs.transform;

import dev.streamlake.udfs.schema.TableSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.apache.flink.types.Row;

/**
 * Replaces string columns with the hex SHA-256 of their value: the same input gives the same hash,
 * so joins and counts still work without the value itself.
 */
public final class HashFields implements RecordTransform {
    private static final long serialVersionUID = 1L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final int[] columns;
    private transient MessageDigest sha256;

    public HashFields(TableSchema schema, List<String> columnNames) {
        this.columns = StringColumns.resolve(schema, columnNames);
    }

    @Override
    public TransformResult apply(Row row) {
        for (int c : columns) {
            Object v = row.getField(c);
            if (v != null) row.setField(c, hash((String) v));
        }
        return TransformResult.ok(row);
    }

    String hash(String value) {
        if (sha256 == null) {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }
        byte[] d = sha256.digest(value.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[d.length * 2];
        for (int i = 0; i < d.length; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[d[i] & 0xF];
        }
        return new String(out);
    }
}
