package dev.streamlake.tools.ship;

import dev.streamlake.tools.producer.KinesisProducer;
import dev.streamlake.tools.ship.Checkpoints.FlowState;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * One flow: reads its files' records ({@link FileTracker}), converts them, keys them as the agent
 * does, buffers them, and sends a buffer with the producer's PutRecords code once it holds {@code
 * maxBufferSizeRecords} records or {@code maxBufferSizeBytes} bytes or is {@code
 * maxBufferAgeMillis} old. Offsets are checkpointed only after Kinesis accepted the whole buffer;
 * before a buffer is sent its size is checkpointed as in flight, so that after a crash the records
 * that may reach Kinesis twice are counted ({@link ShipStats#possibleDuplicates}).
 */
final class FlowShipper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FlowShipper.class);

    private final FlowConfig flow;
    private final KinesisProducer producer;
    private final Checkpoints checkpoints;
    private final ShipStats stats;
    private final FileTracker tracker;
    private final List<PutRecordsRequestEntry> buffer = new ArrayList<>();
    private long bufferBytes;
    private long bufferSince;
    private List<Checkpoints.FileState> lastSaved;
    private long lastListing;
    private volatile boolean stopping;

    FlowShipper(FlowConfig flow, KinesisProducer producer, Checkpoints checkpoints, ShipStats stats)
            throws IOException {
        this.flow = flow;
        this.producer = producer;
        this.checkpoints = checkpoints;
        this.stats = stats;
        FlowState saved = checkpoints.get(flow.id);
        if (saved != null && saved.inFlight > 0) {
            stats.possibleDuplicates.addAndGet(saved.inFlight);
            LOG.warn(
                    "{}: {} records were in flight when the shipper last stopped; they are sent again, and reach "
                            + "Kinesis twice if it had accepted them",
                    flow.id,
                    saved.inFlight);
        }
        this.tracker = new FileTracker(flow, saved, stats);
        save();
    }

    /** Polls until {@link #stop}, then sends what is buffered. */
    @Override
    public void run() {
        try {
            while (!stopping) {
                tracker.poll(this::add);
                if (!buffer.isEmpty()
                        && System.currentTimeMillis() - bufferSince >= flow.maxBufferAgeMillis)
                    flush();
                if (buffer.isEmpty()) saveIfMoved();
                if (!stopping) Thread.sleep(flow.pollMillis);
            }
            flush();
            saveIfMoved();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: stopped: {}", flow.id, e.toString(), e);
        } finally {
            try {
                tracker.close();
            } catch (IOException e) {
                LOG.warn("{}: closing files: {}", flow.id, e.toString());
            }
        }
    }

    void stop() {
        stopping = true;
    }

    /** Converts, keys and buffers one record; sends the buffer first when it would overflow. */
    private void add(byte[] raw) {
        byte[] data = raw;
        for (RecordConverter step : flow.converters) {
            try {
                data = step.convert(data);
            } catch (RecordConverter.ConversionException e) {
                stats.conversionFailures.incrementAndGet();
                LOG.warn("{}: {}; the raw record is sent", flow.id, e.getMessage());
                data = raw;
                break;
            }
            if (data == null) {
                stats.recordsDropped.incrementAndGet();
                return;
            }
        }
        String key = partitionKey(data);
        data = truncated(data, AgentConfig.MAX_RECORD_BYTES - key.length());
        long size = data.length + key.length();
        if (!buffer.isEmpty()
                && (buffer.size() >= flow.maxBufferSizeRecords
                        || bufferBytes + size > flow.maxBufferSizeBytes)) {
            flush();
        }
        if (buffer.isEmpty()) bufferSince = System.currentTimeMillis();
        buffer.add(
                PutRecordsRequestEntry.builder()
                        .data(SdkBytes.fromByteArray(data))
                        .partitionKey(key)
                        .build());
        bufferBytes += size;
    }

    /** As the agent's {@code AbstractRecord.truncate}: the first bytes, the terminator last. */
    private byte[] truncated(byte[] data, int max) {
        if (data.length <= max) return data;
        stats.recordsTruncated.incrementAndGet();
        byte[] out = Arrays.copyOf(data, max);
        byte[] term = flow.truncatedRecordTerminator;
        System.arraycopy(term, 0, out, max - term.length, term.length);
        return out;
    }

    /**
     * As the agent's {@code KinesisRecord}: RANDOM a random number, DETERMINISTIC the data's MD5.
     */
    private String partitionKey(byte[] data) {
        if (flow.partitionKeyOption == FlowConfig.PartitionKeyOption.RANDOM) {
            return "" + ThreadLocalRandom.current().nextDouble(1_000_000);
        }
        try {
            return String.format(
                    "%032x", new BigInteger(1, MessageDigest.getInstance("MD5").digest(data)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the buffer until Kinesis accepted all of it, then checkpoints the offsets. */
    private void flush() {
        if (buffer.isEmpty()) return;
        checkpoints.put(
                flow.id,
                new FlowState(
                        lastSaved,
                        lastListing,
                        buffer.size())); // the last offsets, and what is in flight
        if (!producer.send(
                new ArrayList<>(buffer))) { // retries with backoff until every entry is accepted
            throw new IllegalStateException(
                    "PutRecords gave up on a batch of " + buffer.size() + " records");
        }
        stats.recordsSent.addAndGet(buffer.size());
        stats.bytesSent.addAndGet(bufferBytes);
        stats.batchesSent.incrementAndGet();
        buffer.clear();
        bufferBytes = 0;
        save();
    }

    private void saveIfMoved() {
        if (!tracker.state().equals(lastSaved)) save();
    }

    /** Checkpoints the tracker's offsets: call only when everything before them was accepted. */
    private void save() {
        List<Checkpoints.FileState> state = tracker.state();
        lastListing = tracker.lastListing();
        checkpoints.put(flow.id, new FlowState(state, lastListing, 0));
        lastSaved = state;
    }
}
