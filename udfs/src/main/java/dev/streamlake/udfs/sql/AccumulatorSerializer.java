package dev.streamlake.udfs.sql;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A serializer for a SQL function's RAW accumulator that holds a model (a forest, a detector) which
 * only knows how to write itself to bytes: a subclass writes and reads one accumulator, and
 * everything else (mutable, variable length, deep copy) follows from that.
 *
 * <p>Subclasses keep their own class and snapshot class names: those are written into savepoints.
 */
public abstract class AccumulatorSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public abstract void serialize(T acc, DataOutputView out) throws IOException;

    @Override
    public abstract T deserialize(DataInputView in) throws IOException;

    /** Writes a model's bytes, their length first. */
    protected static void writeBytes(DataOutputView out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads what {@link #writeBytes} wrote. */
    protected static byte[] readBytes(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final T copy(T from) {
        try { // the models have no copy constructor: a round trip through bytes is the deep copy
            DataOutputSerializer out = new DataOutputSerializer(64 * 1024);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy a " + from.getClass().getSimpleName(), e);
        }
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }
}
