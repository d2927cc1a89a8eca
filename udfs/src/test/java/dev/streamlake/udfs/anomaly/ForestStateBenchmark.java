package dev.streamlake.udfs.anomaly;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.config.Precision;
import com.amazon.randomcutforest.state.RandomCutForestMapper;
import com.amazon.randomcutforest.state.RandomCutForestState;
import io.protostuff.LinkedBuffer;
import io.protostuff.ProtostuffIOUtil;
import io.protostuff.Schema;
import io.protostuff.runtime.RuntimeSchema;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: what one key's forest costs, per profile and per way of saving it, for
 * docs/ANOMALY_SCORING.md and BENCHMARKS.md, on demand:
 *
 * <pre>
 * mvn -B -q -o -pl udfs test -Dtest=ForestStateBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * For each profile, one feature, after 2 000 points: heap of a live forest (200 held, used heap
 * after GC), then for each saving variant the bytes, the time to write and to restore one, and
 * whether the restored forest scores the next 500 points exactly as the original does.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ForestStateBenchmark {
    static final Schema<RandomCutForestState> SCHEMA =
            RuntimeSchema.getSchema(RandomCutForestState.class);
    static final int POINTS = 2000;

    @Test
    void run() throws Exception {
        System.out.println(
                "| profile | precision | saved | bytes/key | deflated bytes | write ms | restore ms | restored scores identical |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (RcfProfile profile : RcfProfile.values()) {
            for (Precision precision : new Precision[] {Precision.FLOAT_32, Precision.FLOAT_64}) {
                variant(
                        profile,
                        precision,
                        "trees + executor context (ForestCodec)",
                        m -> {
                            m.setSaveTreeStateEnabled(true);
                            m.setSaveExecutorContextEnabled(true);
                        });
                if (precision == Precision.FLOAT_64) continue;
                variant(
                        profile,
                        precision,
                        "trees, compression off",
                        m -> {
                            m.setSaveTreeStateEnabled(true);
                            m.setSaveExecutorContextEnabled(true);
                            m.setCompressionEnabled(false);
                        });
                variant(
                        profile,
                        precision,
                        "partial trees",
                        m -> {
                            m.setSaveTreeStateEnabled(true);
                            m.setSaveExecutorContextEnabled(true);
                            m.setPartialTreeStateEnabled(true);
                        });
                variant(
                        profile,
                        precision,
                        "samples only (trees rebuilt)",
                        m -> m.setSaveExecutorContextEnabled(true));
            }
            System.out.printf(
                    Locale.ROOT,
                    "heap per live forest, %s: %.0f KB%n",
                    profile,
                    heapPerForest(profile) / 1024);
        }
    }

    static RandomCutForest forest(RcfProfile profile, Precision precision) {
        RcfParams p = profile.builder().build();
        return RandomCutForest.builder()
                .dimensions(1)
                .numberOfTrees(p.trees())
                .sampleSize(p.sampleSize())
                .timeDecay(1.0 / p.timeDecayWindow())
                .outputAfter(p.outputAfter())
                .randomSeed(p.seed())
                .precision(precision)
                .build();
    }

    static double[] point(Random r, int i) {
        return new double[] {10 * Math.sin(i / 50.0) + r.nextGaussian()};
    }

    static void variant(
            RcfProfile profile,
            Precision precision,
            String saved,
            Consumer<RandomCutForestMapper> settings)
            throws Exception {
        RandomCutForest f = forest(profile, precision);
        Random r = new Random(1);
        for (int i = 0; i < POINTS; i++) f.update(point(r, i));
        RandomCutForestMapper mapper = new RandomCutForestMapper();
        settings.accept(mapper);
        int reps = 30;
        byte[] bytes = null;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            bytes =
                    ProtostuffIOUtil.toByteArray(
                            mapper.toState(f), SCHEMA, LinkedBuffer.allocate(64 * 1024));
        }
        long t1 = System.nanoTime();
        RandomCutForest restored = null;
        for (int i = 0; i < reps; i++) {
            RandomCutForestState state = SCHEMA.newMessage();
            ProtostuffIOUtil.mergeFrom(bytes, state, SCHEMA);
            restored = mapper.toModel(state);
        }
        long t2 = System.nanoTime();
        boolean identical = true;
        for (int i = POINTS; i < POINTS + 500; i++) {
            double[] p = point(r, i);
            identical &= f.getAnomalyScore(p) == restored.getAnomalyScore(p);
            f.update(p);
            restored.update(p);
        }
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out =
                new DeflaterOutputStream(deflated, new Deflater(Deflater.BEST_SPEED))) {
            out.write(bytes);
        }
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %d | %d | %.2f | %.2f | %s |%n",
                profile,
                precision,
                saved,
                bytes.length,
                deflated.size(),
                (t1 - t0) / 1e6 / reps,
                (t2 - t1) / 1e6 / reps,
                identical ? "yes" : "no");
    }

    static double heapPerForest(RcfProfile profile) {
        int n = 200;
        long before = usedAfterGc();
        List<RandomCutForest> held = new ArrayList<>();
        Random r = new Random(2);
        for (int k = 0; k < n; k++) {
            RandomCutForest f = forest(profile, Precision.FLOAT_32);
            for (int i = 0; i < 600; i++) f.update(point(r, i));
            held.add(f);
        }
        long after = usedAfterGc();
        if (held.size() != n) throw new AssertionError();
        return (after - before) / (double) n;
    }

    static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
