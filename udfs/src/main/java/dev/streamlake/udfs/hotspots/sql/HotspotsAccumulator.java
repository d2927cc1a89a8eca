package dev.streamlake.udfs.hotspots.sql;

import dev.streamlake.udfs.hotspots.HotspotDetector;
import dev.streamlake.udfs.hotspots.HotspotParams;
import dev.streamlake.udfs.hotspots.HotspotsJson;
import dev.streamlake.udfs.sql.AccumulatorSerializer;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The state of one partition's {@code HOTSPOTS}: its detector (created at the first row, when the
 * number of columns is known). A RAW SQL type with its own {@link Serializer}, so that with the
 * heap state backend the live detector stays between rows and is encoded only for checkpoints.
 */
public final class HotspotsAccumulator {
    HotspotDetector detector;

    String json() {
        return HotspotsJson.of(detector == null ? List.of() : detector.hotspots());
    }

    /** Writes the parameters and the detector's own bytes. */
    public static final class Serializer extends AccumulatorSerializer<HotspotsAccumulator> {
        private static final long serialVersionUID = 1L;

        @Override
        public HotspotsAccumulator createInstance() {
            return new HotspotsAccumulator();
        }

        @Override
        public void serialize(HotspotsAccumulator acc, DataOutputView out) throws IOException {
            out.writeBoolean(acc.detector != null);
            if (acc.detector != null) {
                HotspotParams p = acc.detector.params();
                out.writeInt(p.windowSize());
                out.writeDouble(p.scanRadius());
                out.writeInt(p.minPoints());
                writeBytes(out, acc.detector.toBytes());
            }
        }

        @Override
        public HotspotsAccumulator deserialize(DataInputView in) throws IOException {
            HotspotsAccumulator acc = new HotspotsAccumulator();
            if (in.readBoolean()) {
                HotspotParams p = HotspotParams.of(in.readInt(), in.readDouble(), in.readInt());
                acc.detector = HotspotDetector.restore(p, readBytes(in));
            }
            return acc;
        }

        @Override
        public TypeSerializerSnapshot<HotspotsAccumulator> snapshotConfiguration() {
            return new SerializerSnapshot();
        }
    }

    /** The serializer has no configuration; this snapshot just recreates it on restore. */
    public static final class SerializerSnapshot
            extends SimpleTypeSerializerSnapshot<HotspotsAccumulator> {
        public SerializerSnapshot() {
            super(Serializer::new);
        }
    }
}
