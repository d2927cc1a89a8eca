package dev.streamlake.udfs.anomaly;

import com.amazon.randomcutforest.config.ForestMode;
import com.amazon.randomcutforest.config.TransformMethod;
import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestMapper;
import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestState;
import io.protostuff.LinkedBuffer;
import io.protostuff.ProtostuffIOUtil;
import io.protostuff.Schema;
import io.protostuff.runtime.RuntimeSchema;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A {@code ThresholdedRandomCutForest} with the forest's parameters ({@link RcfParams}: trees,
 * sample size, decay, shingle, warm-up, seed), values as they are (no normalisation), beside the
 * plain forest whose scores the lake keeps: its grade comes from its own thresholder, so it costs a
 * second forest (about twice the CPU and state of scoring alone). Not thread-safe.
 */
public final class TrcfModel {
    private static final Schema<ThresholdedRandomCutForestState> SCHEMA =
            RuntimeSchema.getSchema(ThresholdedRandomCutForestState.class);

    private final List<String> features;
    private final ThresholdedRandomCutForest trcf;
    private long points;

    private TrcfModel(List<String> features, ThresholdedRandomCutForest trcf, long points) {
        this.features = features;
        this.trcf = trcf;
        this.points = points;
    }

    public static TrcfModel create(RcfParams params, List<String> features) {
        return new TrcfModel(features, builder(params, features.size()).build(), 0);
    }

    /**
     * The library's builder with the forest's parameters, as {@link #create} builds it: values as
     * they are, shingled internally, the thresholder's settings left at the library's defaults (so
     * that a test can try others on the same forest).
     */
    public static ThresholdedRandomCutForest.Builder<?> builder(RcfParams params, int features) {
        int shingle = params.shingleSize();
        return ThresholdedRandomCutForest.builder()
                .dimensions(features * shingle)
                .shingleSize(shingle)
                .internalShinglingEnabled(true)
                .numberOfTrees(params.trees())
                .sampleSize(params.sampleSize())
                .timeDecay(1.0 / params.timeDecayWindow())
                .outputAfter(params.outputAfter())
                .randomSeed(params.seed())
                .forestMode(ForestMode.STANDARD)
                .transformMethod(TransformMethod.NONE);
    }

    /** Grades the point, then learns it; the caller has checked every feature is finite. */
    public TrcfOutputs process(double[] point) {
        return TrcfOutputs.of(trcf.process(point, points++), features);
    }

    /** The points seen (the next point's timestamp), then the library's state. */
    public byte[] toBytes() {
        ThresholdedRandomCutForestState state = mapper().toState(trcf);
        byte[] model =
                ProtostuffIOUtil.toByteArray(state, SCHEMA, LinkedBuffer.allocate(64 * 1024));
        return ByteBuffer.allocate(Long.BYTES + model.length).putLong(points).put(model).array();
    }

    /** A model continuing from {@link #toBytes()}. */
    public static TrcfModel restore(List<String> features, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long points = b.getLong();
        ThresholdedRandomCutForestState state = SCHEMA.newMessage();
        ProtostuffIOUtil.mergeFrom(bytes, Long.BYTES, bytes.length - Long.BYTES, state, SCHEMA);
        return new TrcfModel(features, mapper().toModel(state, 0), points);
    }

    private static ThresholdedRandomCutForestMapper mapper() {
        return new ThresholdedRandomCutForestMapper();
    }
}
