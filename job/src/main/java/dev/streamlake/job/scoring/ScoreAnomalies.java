package dev.streamlake.job.scoring;

import dev.streamlake.job.config.OnlineScoringConfig;
import dev.streamlake.job.config.ScoreOutputs;
import dev.streamlake.job.config.ScoringConfig;
import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.udfs.anomaly.AnomalyResult;
import dev.streamlake.udfs.anomaly.AnomalyScorer;
import dev.streamlake.udfs.anomaly.flag.FlagPolicy;
import dev.streamlake.udfs.anomaly.flag.KeyFlagger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores each row with its key's Random Cut Forest, then teaches the forest the row, and appends
 * {@code anomaly_score} and {@code anomaly_explanation} ({@link ScoreOutputs#columns()}). Rows the
 * key's online flag rule ({@link FlagPolicy}: adaptive per key by default) flags also go to the
 * {@link #anomaliesTag} side output. Which rows are explained is {@code scoring.explain}: by
 * default only the flagged ones, so the rest cost one pass over the trees. Runs on a stream keyed
 * by the schema's key column. Rows travel with their raw record ({@link ValidRecord}), for the
 * errors table should the lake not take them. A score or attribution the forest's arithmetic made
 * NaN or infinite (features near ±Double.MAX_VALUE) is written as null and counted ({@value
 * LakeMetrics#SCORES_NON_FINITE}).
 *
 * <p><b>Why an operator, not a KeyedProcessFunction.</b> A forest is ~350 KB and takes tens of
 * milliseconds to (de)serialize, so it cannot go through keyed state on every record. Live forests
 * are kept as objects in {@link #forests}; keyed state holds their bytes, written for every key
 * touched since the last checkpoint in {@link #snapshotState}, which runs just before the keyed
 * state backend is snapshotted. So each checkpoint holds every forest exactly as it was at the
 * barrier, and a restore continues exactly (forests are decoded lazily, on a key's first record). A
 * process function cannot switch to another key at snapshot time; an operator can.
 *
 * <p><b>Idle keys.</b> One processing-time timer per key (this operator runs before event-time
 * watermarks exist) drops the forest, its bytes and the timer once the key has been silent for the
 * idle TTL.
 *
 * <p><b>Bounded heap.</b> At most {@code scoring.live-forests} forests stay decoded, the most
 * recently used ({@link #forests} is an LRU); the least recently used one beyond that is written to
 * keyed state if it learned anything, and dropped from heap. With RocksDB its bytes are then
 * off-heap; its key's next record decodes it again, exactly as it was. Each key's flag state (a few
 * hundred bytes) travels with its forest, in its own keyed state.
 */
public final class ScoreAnomalies extends AbstractStreamOperator<ValidRecord>
        implements OneInputStreamOperator<ValidRecord, ValidRecord>,
                Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ScoreAnomalies.class);

    private final ScoringConfig cfg;
    private final ScoreOutputs outputs;
    private final OnlineScoringConfig online;
    private final int inputArity;
    private final OutputTag<ValidRecord> anomalies;

    private transient ValueState<byte[]> forestBytes;
    private transient ValueState<byte[]> flagBytes;
    private transient ValueState<Long> lastSeen;
    private transient InternalTimerService<VoidNamespace> idleTimers;
    private transient Map<String, LiveForest> forests;
    private transient int[] featureIndexes;
    private transient double[] point;
    private transient DoublePredicate explainIf;
    private transient KeyFlagger flagger; // the current record's key's, for explainIf
    private transient boolean flaggedNow; // explainIf's decision for the current record
    private transient int outputArity;
    private transient Counter anomaliesCount;
    private transient Counter skipped;
    private transient Counter nonFinite;
    private transient Counter evicted;
    private transient int lastCheckpointWrites;
    private transient long lastCheckpointWriteMillis;

    /**
     * @param inputArity the columns of the input rows (the declared schema's)
     * @param anomalies the side output of flagged rows
     */
    public ScoreAnomalies(
            ScoringConfig cfg,
            ScoreOutputs outputs,
            OnlineScoringConfig online,
            int inputArity,
            OutputTag<ValidRecord> anomalies) {
        this.cfg = cfg;
        this.outputs = outputs;
        this.online = online;
        this.inputArity = inputArity;
        this.anomalies = anomalies;
    }

    /** The side output of rows the flag rule flags. */
    public static OutputTag<ValidRecord> anomaliesTag(TypeInformation<ValidRecord> type) {
        return new OutputTag<>("anomalies", type);
    }

    @Override
    public void open() throws Exception {
        super.open();
        forestBytes =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "rcf-forest",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        flagBytes =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "rcf-flags",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        lastSeen =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("rcf-last-seen", Types.LONG));
        idleTimers =
                getInternalTimerService("rcf-idle-ttl", VoidNamespaceSerializer.INSTANCE, this);
        forests =
                new LinkedHashMap<>(
                        16, 0.75f, true); // access order: the eldest is least recently used
        featureIndexes = cfg.featureIndexes();
        point = new double[featureIndexes.length];
        explainIf = explainIf();
        outputArity = inputArity + outputs.columns().size();
        anomaliesCount = LakeMetrics.of(getMetricGroup()).counter(LakeMetrics.ANOMALIES);
        skipped = LakeMetrics.of(getMetricGroup()).counter(LakeMetrics.RECORDS_NOT_SCORED);
        nonFinite = LakeMetrics.of(getMetricGroup()).counter(LakeMetrics.SCORES_NON_FINITE);
        evicted = getMetricGroup().counter("forestsEvicted");
        getMetricGroup().gauge("forestsInMemory", () -> forests.size());
        // what this operator adds to a checkpoint's synchronous phase
        getMetricGroup().gauge("forestsWrittenLastCheckpoint", () -> lastCheckpointWrites);
        getMetricGroup().gauge("forestWriteMillisLastCheckpoint", () -> lastCheckpointWriteMillis);
    }

    @Override
    public void processElement(StreamRecord<ValidRecord> element) throws Exception {
        String key = (String) getCurrentKey();
        Row in = element.getValue().row();
        LiveForest live = forests.get(key);
        if (live == null) {
            live = new LiveForest(restoreOrCreate(), restoreFlagger());
            forests.put(key, live);
        }
        Features.read(in, featureIndexes, point);
        AnomalyResult result;
        flagger = live.flagger;
        flaggedNow = false;
        try {
            result = live.scorer.scoreThenUpdate(point, explainIf);
        } catch (RuntimeException e) {
            // The library failed on this point (AnomalyScorer keeps the known cases out): its
            // trees may be inconsistent now, so the key starts a new forest; the row goes on.
            LOG.warn("Scoring failed for a record of key {}; the key's forest starts anew", key, e);
            forests.remove(key);
            forestBytes.clear();
            if (online.flags().rule() != FlagPolicy.Rule.FIXED)
                flagBytes.update(live.flagger.toBytes());
            result = AnomalyResult.OVERFLOW;
        }
        if (result.skipped()) skipped.inc();
        else if (forests.get(key) == live) live.dirty = true;
        if (result.nonFinite()) nonFinite.inc();
        touch();

        Row out = Row.withPositions(in.getKind(), outputArity);
        for (int i = 0; i < inputArity; i++) out.setField(i, in.getField(i));
        out.setField(inputArity, result.scoreOrNull());
        out.setField(inputArity + 1, result.explanation());
        if (outputs.trcf()) {
            out.setField(inputArity + 2, result.trcf().grade());
            out.setField(inputArity + 3, result.trcf().expectedJson());
            out.setField(inputArity + 4, result.trcf().relativeIndex());
        }
        ValidRecord scored = new ValidRecord(out, element.getValue().raw());
        output.collect(element.replace(scored));
        if (!result.skipped() && flaggedNow) {
            anomaliesCount.inc();
            output.collect(anomalies, new StreamRecord<>(scored, element.getTimestamp()));
        }
        if (forests.size() > online.liveForests()) evictLeastRecentlyUsed(key);
    }

    /**
     * Writes the least recently used forest to keyed state (if it learned) and drops it from heap.
     */
    private void evictLeastRecentlyUsed(String currentKey) throws Exception {
        Iterator<Map.Entry<String, LiveForest>> eldest = forests.entrySet().iterator();
        Map.Entry<String, LiveForest> e = eldest.next();
        eldest.remove();
        evicted.inc();
        if (!e.getValue().dirty) return;
        setCurrentKey(e.getKey());
        write(e.getValue());
        setCurrentKey(currentKey);
    }

    /** The current key's forest and flag state to keyed state. */
    private void write(LiveForest live) throws Exception {
        forestBytes.update(live.scorer.toBytes());
        if (online.flags().rule() != FlagPolicy.Rule.FIXED)
            flagBytes.update(live.flagger.toBytes());
        live.dirty = false;
    }

    private KeyFlagger restoreFlagger() throws Exception {
        byte[] saved = flagBytes.value();
        return saved == null ? online.flags().newFlagger() : online.flags().restore(saved);
    }

    /**
     * Decides the flag once per scored record (the flag rule learns from each score it sees), and
     * whether to explain the record: explaining is a second pass over the trees, so FLAGGED spends
     * it on anomalies-table rows only.
     */
    private DoublePredicate explainIf() {
        switch (outputs.explain()) {
            case ALL:
                return score -> {
                    decide(score);
                    return true;
                };
            case FLAGGED:
                return this::decide;
            default:
                return score -> {
                    decide(score);
                    return false;
                };
        }
    }

    /** The key's flag rule on this score (false for NaN); kept for the anomalies output. */
    private boolean decide(double score) {
        flaggedNow = flagger.flag(score);
        return flaggedNow;
    }

    private AnomalyScorer restoreOrCreate() throws Exception {
        byte[] saved = forestBytes.value();
        AnomalyScorer scorer =
                saved == null
                        ? AnomalyScorer.create(cfg.params(), cfg.features())
                        : AnomalyScorer.restore(cfg.features(), saved);
        // scoring.trcf-outputs may have changed since the bytes were written
        return outputs.trcf() ? scorer.withTrcf(cfg.params()) : scorer.withoutTrcf();
    }

    /** Records the key's activity; the first record of a key (or after expiry) starts its timer. */
    private void touch() throws Exception {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (lastSeen.value() == null) {
            idleTimers.registerProcessingTimeTimer(
                    VoidNamespace.INSTANCE, now + cfg.idleTtl().toMillis());
        }
        lastSeen.update(now);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        Long last = lastSeen.value();
        long expiry = last == null ? Long.MIN_VALUE : last + cfg.idleTtl().toMillis();
        if (expiry <= timer.getTimestamp()) {
            forests.remove(timer.getKey());
            forestBytes.clear();
            flagBytes.clear();
            lastSeen.clear();
        } else {
            idleTimers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, expiry);
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {}

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        long start = System.nanoTime();
        int writes = 0;
        for (Map.Entry<String, LiveForest> e : forests.entrySet()) {
            LiveForest live = e.getValue();
            if (!live.dirty) continue;
            setCurrentKey(e.getKey());
            write(live);
            writes++;
        }
        lastCheckpointWrites = writes;
        lastCheckpointWriteMillis = (System.nanoTime() - start) / 1_000_000;
    }

    /** A decoded forest and its key's flagger, and whether they learned since last written. */
    private static final class LiveForest {
        final AnomalyScorer scorer;
        final KeyFlagger flagger;
        boolean dirty;

        LiveForest(AnomalyScorer scorer, KeyFlagger flagger) {
            this.scorer = scorer;
            this.flagger = flagger;
        }
    }
}
