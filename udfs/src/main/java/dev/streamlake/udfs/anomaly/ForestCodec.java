package dev.streamlake.udfs.anomaly;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.state.RandomCutForestMapper;
import com.amazon.randomcutforest.state.RandomCutForestState;
import io.protostuff.LinkedBuffer;
import io.protostuff.ProtostuffIOUtil;
import io.protostuff.Schema;
import io.protostuff.runtime.RuntimeSchema;

/**
 * A forest to bytes and back ({@link RandomCutForest} is not Serializable): the library's own
 * mapper to {@link RandomCutForestState}, then protostuff, as the library documents.
 *
 * <p>Tree structure and the executor context are saved too, so a restored forest scores and updates
 * exactly as the original would have; rebuilding trees from the samples would not.
 */
public final class ForestCodec {
    private static final Schema<RandomCutForestState> SCHEMA =
            RuntimeSchema.getSchema(RandomCutForestState.class);

    private ForestCodec() {}

    public static byte[] toBytes(RandomCutForest forest) {
        RandomCutForestState state = mapper().toState(forest);
        return ProtostuffIOUtil.toByteArray(state, SCHEMA, LinkedBuffer.allocate(64 * 1024));
    }

    public static RandomCutForest fromBytes(byte[] bytes) {
        RandomCutForestState state = SCHEMA.newMessage();
        ProtostuffIOUtil.mergeFrom(bytes, state, SCHEMA);
        return mapper().toModel(state);
    }

    // A mapper is cheap and keeps settings in fields: one per call keeps this thread-safe.
    private static RandomCutForestMapper mapper() {
        RandomCutForestMapper mapper = new RandomCutForestMapper();
        mapper.setSaveExecutorContextEnabled(true);
        mapper.setSaveTreeStateEnabled(true);
        return mapper;
    }
}
