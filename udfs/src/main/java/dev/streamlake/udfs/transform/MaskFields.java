package dev.streamlake.udfs.transform;

import dev.streamlake.udfs.schema.TableSchema;
import java.util.List;
import org.apache.flink.types.Row;

/**
 * Masks PII in string columns: every character but the last four becomes {@code *}, so support
 * staff can still match a value a customer reads out ({@code ******1234}). Values of {@value
 * #WHOLE} characters or fewer are masked whole: their last four would reveal most of them (half of
 * an 8-character value, four fifths of a 5-character one). Characters are code points, and the mask
 * keeps the value's length.
 */
public final class MaskFields implements RecordTransform {
    private static final long serialVersionUID = 1L;
    private static final int KEEP = 4;

    /** The longest value that is masked whole. */
    static final int WHOLE = 2 * KEEP;

    private final int[] columns;

    public MaskFields(TableSchema schema, List<String> columnNames) {
        this.columns = StringColumns.resolve(schema, columnNames);
    }

    @Override
    public TransformResult apply(Row row) {
        for (int c : columns) {
            Object v = row.getField(c);
            if (v != null) row.setField(c, mask((String) v));
        }
        return TransformResult.ok(row);
    }

    static String mask(String s) {
        // Counted in code points: cutting between the two halves of a surrogate pair (an emoji)
        // would leave a lone surrogate, which is not valid UTF-8 text.
        int length = s.codePointCount(0, s.length());
        int keep = length > WHOLE ? KEEP : 0;
        return "*"
                .repeat(length - keep)
                .concat(s.substring(s.offsetByCodePoints(s.length(), -keep)));
    }
}
