package dev.streamlake.udfs.anomaly.sql;

import dev.streamlake.udfs.anomaly.AnomalyResult;
import dev.streamlake.udfs.anomaly.AnomalyScorer;
import dev.streamlake.udfs.sql.AccumulatorSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The state of one partition's {@code RCF_SCORE}: its forest (created at the first row, when the
 * number of features is known) and the latest row's result, which {@code getValue} returns.
 *
 * <p>A RAW SQL type with its own {@link Serializer}: with the heap state backend Flink keeps the
 * live object between rows and serializes the forest only for checkpoints; a structured type would
 * re-encode the whole forest (~350 KB) on every row.
 */
public final class RcfAccumulator {
    AnomalyScorer scorer;
    AnomalyResult last = AnomalyResult.SKIPPED;

    /** Writes and reads the accumulator; the forest through the scorer's own bytes. */
    public static final class Serializer extends AccumulatorSerializer<RcfAccumulator> {
        private static final long serialVersionUID = 1L;

        @Override
        public RcfAccumulator createInstance() {
            return new RcfAccumulator();
        }

        @Override
        public void serialize(RcfAccumulator acc, DataOutputView out) throws IOException {
            out.writeBoolean(acc.scorer != null);
            if (acc.scorer != null) {
                List<String> features = acc.scorer.features();
                out.writeInt(features.size());
                for (String f : features) out.writeUTF(f);
                writeBytes(out, acc.scorer.toBytes());
            }
            out.writeBoolean(!acc.last.skipped());
            if (!acc.last.skipped()) {
                out.writeDouble(acc.last.score());
                out.writeBoolean(acc.last.explanation() != null);
                if (acc.last.explanation() != null) out.writeUTF(acc.last.explanation());
            }
        }

        @Override
        public RcfAccumulator deserialize(DataInputView in) throws IOException {
            RcfAccumulator acc = new RcfAccumulator();
            if (in.readBoolean()) {
                int n = in.readInt();
                List<String> features = new ArrayList<>(n);
                for (int i = 0; i < n; i++) features.add(in.readUTF());
                acc.scorer = AnomalyScorer.restore(features, readBytes(in));
            }
            if (in.readBoolean()) {
                double score = in.readDouble();
                acc.last = AnomalyResult.of(score, in.readBoolean() ? in.readUTF() : null);
            }
            return acc;
        }

        @Override
        public TypeSerializerSnapshot<RcfAccumulator> snapshotConfiguration() {
            return new SerializerSnapshot();
        }
    }

    /** The serializer has no configuration; this snapshot just recreates it on restore. */
    public static final class SerializerSnapshot
            extends SimpleTypeSerializerSnapshot<RcfAccumulator> {
        public SerializerSnapshot() {
            super(Serializer::new);
        }
    }
}
