package dev.streamlake.udfs.anomaly;

import com.amazon.randomcutforest.RandomCutForest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;

/**
 * The raw random cut forest library, configured by hand as KDA's defaults say (not through {@link
 * RcfParams}): the oracle the scoring tests of udfs and of the job compare our scores with.
 */
public final class RawKdaForest {
    /** The seed of {@link RcfParams#kdaDefaults()}. */
    public static final long KDA_SEED = 42;

    private RawKdaForest() {}

    /** A new forest over {@code dims} features a point, shingled {@code shingle} points deep. */
    public static RandomCutForest create(int dims, int shingle, long seed) {
        return RandomCutForest.builder()
                .dimensions(dims * shingle)
                .shingleSize(shingle)
                .internalShinglingEnabled(shingle > 1)
                .numberOfTrees(100)
                .sampleSize(256)
                .timeDecay(1.0 / 100_000)
                .outputAfter(64)
                .randomSeed(seed)
                .build();
    }

    /**
     * The score of each row's point (the double fields at {@code featureFields}), in row order:
     * each key (the string field at {@code keyField}) has a forest of its own, seeded {@link
     * #KDA_SEED}, that scores a point and then learns it.
     */
    public static List<Double> scoresPerKey(List<Row> rows, int keyField, int... featureFields) {
        Map<String, RandomCutForest> forests = new HashMap<>();
        List<Double> scores = new ArrayList<>(rows.size());
        for (Row row : rows) {
            RandomCutForest forest =
                    forests.computeIfAbsent(
                            (String) row.getField(keyField),
                            k -> create(featureFields.length, 1, KDA_SEED));
            double[] point = new double[featureFields.length];
            for (int i = 0; i < point.length; i++) {
                point[i] = (Double) row.getField(featureFields[i]);
            }
            scores.add(forest.getAnomalyScore(point));
            forest.update(point);
        }
        return scores;
    }
}
