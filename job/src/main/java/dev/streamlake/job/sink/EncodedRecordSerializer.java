package dev.streamlake.job.sink;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes {@link EncodedRecord}s between the encode step and the writer (a separate task behind
 * the legacy Kinesis source): the partition time, then the line's bytes or each value behind a
 * one-byte tag. Never in state: the FileSink's state holds files, not records.
 */
public final class EncodedRecordSerializer extends TypeSerializerSingleton<EncodedRecord> {
    private static final long serialVersionUID = 1L;
    public static final EncodedRecordSerializer INSTANCE = new EncodedRecordSerializer();

    private static final byte LINE = 0;
    private static final byte VALUES = 1;
    private static final byte NULL = 0;
    private static final byte BYTES = 1;
    private static final byte LONG = 2;
    private static final byte INT = 3;
    private static final byte DOUBLE = 4;
    private static final byte BOOLEAN = 5;

    @Override
    public boolean isImmutableType() {
        return true; // never changed once built
    }

    @Override
    public EncodedRecord createInstance() {
        return EncodedRecord.line(0L, new byte[0]);
    }

    @Override
    public EncodedRecord copy(EncodedRecord from) {
        return from;
    }

    @Override
    public EncodedRecord copy(EncodedRecord from, EncodedRecord reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(EncodedRecord r, DataOutputView out) throws IOException {
        out.writeLong(r.partitionTime());
        if (r.line() != null) {
            out.writeByte(LINE);
            out.writeInt(r.line().length);
            out.write(r.line());
            return;
        }
        Object[] values = r.values();
        out.writeByte(VALUES);
        out.writeInt(values.length);
        for (Object v : values) {
            if (v == null) {
                out.writeByte(NULL);
            } else if (v instanceof byte[]) {
                byte[] b = (byte[]) v;
                out.writeByte(BYTES);
                out.writeInt(b.length);
                out.write(b);
            } else if (v instanceof Long) {
                out.writeByte(LONG);
                out.writeLong((Long) v);
            } else if (v instanceof Integer) {
                out.writeByte(INT);
                out.writeInt((Integer) v);
            } else if (v instanceof Double) {
                out.writeByte(DOUBLE);
                out.writeDouble((Double) v);
            } else if (v instanceof Boolean) {
                out.writeByte(BOOLEAN);
                out.writeBoolean((Boolean) v);
            } else {
                // TableEncoder only builds the types above: a bug, not a record's content.
                throw new IllegalStateException("not an encoded value: " + v.getClass().getName());
            }
        }
    }

    @Override
    public EncodedRecord deserialize(DataInputView in) throws IOException {
        long time = in.readLong();
        if (in.readByte() == LINE) {
            byte[] line = new byte[in.readInt()];
            in.readFully(line);
            return EncodedRecord.line(time, line);
        }
        Object[] values = new Object[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            byte tag = in.readByte();
            switch (tag) {
                case NULL:
                    break;
                case BYTES:
                    byte[] b = new byte[in.readInt()];
                    in.readFully(b);
                    values[i] = b;
                    break;
                case LONG:
                    values[i] = in.readLong();
                    break;
                case INT:
                    values[i] = in.readInt();
                    break;
                case DOUBLE:
                    values[i] = in.readDouble();
                    break;
                case BOOLEAN:
                    values[i] = in.readBoolean();
                    break;
                default:
                    throw new IOException("corrupt encoded record: value tag " + tag);
            }
        }
        return EncodedRecord.values(time, values);
    }

    @Override
    public EncodedRecord deserialize(EncodedRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<EncodedRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot; it has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EncodedRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Found by Flink through {@code @TypeInfo} on {@link EncodedRecord}. */
    public static final class TypeFactory extends TypeInfoFactory<EncodedRecord> {
        @Override
        public TypeInformation<EncodedRecord> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE;
        }
    }

    /** The type information of {@link EncodedRecord}. */
    public static final TypeInformation<EncodedRecord> TYPE = new EncodedRecordType();

    private static final class EncodedRecordType extends TypeInformation<EncodedRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<EncodedRecord> getTypeClass() {
            return EncodedRecord.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<EncodedRecord> createSerializer(ExecutionConfig config) {
            return INSTANCE;
        }

        @Override
        public String toString() {
            return "EncodedRecord";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EncodedRecordType;
        }

        @Override
        public int hashCode() {
            return EncodedRecordType.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof EncodedRecordType;
        }
    }
}
