package dev.streamlake.job.record;

import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.TableSchema;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;

/** Flink type information derived from the declared schema, so rows never fall back to Kryo. */
public final class LakeTypes {
    private LakeTypes() {}

    public static RowTypeInfo rowType(TableSchema schema) {
        TypeInformation<?>[] types = new TypeInformation<?>[schema.size()];
        String[] names = new String[schema.size()];
        for (int i = 0; i < schema.size(); i++) {
            Column c = schema.column(i);
            names[i] = c.name();
            types[i] = typeOf(c);
        }
        return new RowTypeInfo(types, names);
    }

    private static TypeInformation<?> typeOf(Column c) {
        // Every column type's value class (Long, Integer, Double, Boolean, String) is a basic type.
        return BasicTypeInfo.getInfoFor(c.type().valueClass());
    }
}
