package dev.streamlake.job.hotspots;

import dev.streamlake.job.config.HotspotsConfig;
import dev.streamlake.job.config.HotspotsOptions;
import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.job.scoring.KeyColumn;
import dev.streamlake.udfs.hotspots.Hotspot;
import dev.streamlake.udfs.hotspots.HotspotChange;
import dev.streamlake.udfs.hotspots.HotspotDetector;
import dev.streamlake.udfs.hotspots.HotspotsJson;
import dev.streamlake.udfs.schema.TableSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

/**
 * KDA's {@code HOTSPOTS} in the job: each event enters its window (one for the stream, or one per
 * record key, {@link HotspotsOptions#SCOPE}), the oldest leaves, and the event gains {@code
 * hotspots_result}, KDA's JSON of the window's hotspots. Hotspots that appeared, moved or
 * disappeared with this event go to the {@link #changesTag} side output. An event with a missing or
 * non-finite value in a hotspot column does not enter the window; it gets the current hotspots and
 * is counted ({@value LakeMetrics#RECORDS_NOT_IN_HOTSPOTS}).
 *
 * <p><b>State.</b> As in {@code ScoreAnomalies}: live detectors are objects in {@link #detectors};
 * keyed state holds their bytes, written in {@link #snapshotState} for every key touched since the
 * last checkpoint, so a checkpoint holds each window exactly as at the barrier and a restored job
 * continues with identical output (ids of hotspots included). A window is at most window-size ×
 * (columns + 1) × 8 bytes.
 */
public final class DetectHotspots extends AbstractStreamOperator<ValidRecord>
        implements OneInputStreamOperator<ValidRecord, ValidRecord> {
    private static final long serialVersionUID = 1L;

    private final HotspotsConfig cfg;
    private final int inputArity;
    private final OutputTag<ValidRecord> changes;

    private transient ValueState<byte[]> windowBytes;
    private transient Map<Object, Live> detectors;
    private transient int[] columnIndexes;
    private transient double[] point;
    private transient Counter notInWindow;
    private transient Counter changeCount;

    /**
     * @param inputArity the columns of the input rows
     * @param changes the side output of hotspot changes
     */
    public DetectHotspots(HotspotsConfig cfg, int inputArity, OutputTag<ValidRecord> changes) {
        this.cfg = cfg;
        this.inputArity = inputArity;
        this.changes = changes;
    }

    /** The side output of hotspot changes: rows of {@link HotspotsConfig#changesSchema}. */
    public static OutputTag<ValidRecord> changesTag(TableSchema declared) {
        return new OutputTag<>(
                "hotspot-changes", ValidRecord.typeInfo(HotspotsConfig.changesSchema(declared)));
    }

    /** The key of an event's window: its record key, or one constant for the global window. */
    public static KeySelector<ValidRecord, String> windowKey(HotspotsConfig cfg, int keyIndex) {
        return cfg.scope() == HotspotsOptions.Scope.PER_KEY
                ? new KeyColumn(keyIndex)
                : new GlobalWindow();
    }

    @Override
    public void open() throws Exception {
        super.open();
        windowBytes =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "hotspots-window",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        detectors = new HashMap<>();
        columnIndexes = cfg.columnIndexes();
        point = new double[columnIndexes.length];
        notInWindow = LakeMetrics.of(getMetricGroup()).counter(LakeMetrics.RECORDS_NOT_IN_HOTSPOTS);
        changeCount = LakeMetrics.of(getMetricGroup()).counter(LakeMetrics.HOTSPOT_CHANGES);
    }

    @Override
    public void processElement(StreamRecord<ValidRecord> element) throws Exception {
        Object key = getCurrentKey();
        Row in = element.getValue().row();
        Live live = detectors.get(key);
        if (live == null) {
            byte[] saved = windowBytes.value();
            live =
                    new Live(
                            saved == null
                                    ? new HotspotDetector(cfg.params(), columnIndexes.length)
                                    : HotspotDetector.restore(cfg.params(), saved));
            detectors.put(key, live);
        }
        for (int i = 0; i < columnIndexes.length; i++) {
            Object v = in.getField(columnIndexes[i]);
            point[i] = v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
        }
        List<Hotspot> before = live.detector.hotspots();
        List<Hotspot> after;
        if (HotspotDetector.accepts(point, columnIndexes.length)) {
            after = live.detector.add(point);
            live.dirty = true;
        } else {
            notInWindow.inc();
            after = before;
        }
        Row out = Row.withPositions(in.getKind(), inputArity + 1);
        for (int i = 0; i < inputArity; i++) out.setField(i, in.getField(i));
        out.setField(inputArity, HotspotsJson.of(after));
        output.collect(element.replace(new ValidRecord(out, element.getValue().raw())));
        for (HotspotChange change : HotspotChange.between(before, after)) {
            changeCount.inc();
            output.collect(
                    changes,
                    new StreamRecord<>(
                            new ValidRecord(changeRow(key, change, in), element.getValue().raw()),
                            element.getTimestamp()));
        }
    }

    /** A row of the hotspots table ({@link HotspotsConfig#CHANGE_COLUMNS} after the event time). */
    private Row changeRow(Object key, HotspotChange change, Row event) {
        Hotspot h = change.hotspot();
        return Row.of(
                event.getField(cfg.eventTimeIndex()),
                String.valueOf(key),
                change.kind().name(),
                h.id(),
                h.points(),
                h.density(),
                String.join(";", cfg.columns()),
                jsonArray(h.minValues()),
                jsonArray(h.maxValues()));
    }

    private static String jsonArray(double[] values) {
        StringBuilder b = new StringBuilder().append('[');
        for (int i = 0; i < values.length; i++) b.append(i > 0 ? "," : "").append(values[i]);
        return b.append(']').toString();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        for (Map.Entry<Object, Live> e : detectors.entrySet()) {
            Live live = e.getValue();
            if (!live.dirty) continue;
            setCurrentKey(e.getKey());
            windowBytes.update(live.detector.toBytes());
            live.dirty = false;
        }
    }

    /** A window's detector, and whether it changed since its bytes were last written. */
    private static final class Live {
        final HotspotDetector detector;
        boolean dirty;

        Live(HotspotDetector detector) {
            this.detector = detector;
        }
    }

    /** Every event in one window (KDA's HOTSPOTS saw the whole stream). */
    static final class GlobalWindow implements KeySelector<ValidRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ValidRecord record) {
            return "";
        }
    }
}
