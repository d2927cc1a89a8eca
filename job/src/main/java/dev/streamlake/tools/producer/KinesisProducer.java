package dev.streamlake.tools.producer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Sends records to a stream with PutRecords: batches of at most 500 records and 5 MiB, entries that
 * failed (throttled, internal errors) retried with exponential backoff, and a count of what was
 * sent and what could not be.
 */
public final class KinesisProducer {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisProducer.class);
    public static final int MAX_RECORDS = 500;
    public static final int MAX_BYTES = 5 * 1024 * 1024;

    private final KinesisClient kinesis;
    private final String stream;
    private final PartitionKeys keys;
    private final int maxAttempts;
    private long sent;
    private long failed;

    public KinesisProducer(
            KinesisClient kinesis, String stream, PartitionKeys keys, int maxAttempts) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.keys = keys;
        this.maxAttempts = maxAttempts;
    }

    /** For callers that key their entries themselves and send them with {@link #send}. */
    public KinesisProducer(KinesisClient kinesis, String stream, int maxAttempts) {
        this(kinesis, stream, null, maxAttempts);
    }

    /** After each PutRecords batch: the records sent and failed so far. */
    public interface Progress {
        void update(long sent, long failed);
    }

    /** Sends every record; returns when each was accepted or gave up on. */
    public void sendAll(Iterator<byte[]> records) {
        sendAll(records, (sent, failed) -> {});
    }

    /** Sends every record, telling {@code progress} after each batch. */
    public void sendAll(Iterator<byte[]> records, Progress progress) {
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        int batchBytes = 0;
        while (records.hasNext()) {
            byte[] data = records.next();
            PutRecordsRequestEntry entry =
                    PutRecordsRequestEntry.builder()
                            .data(SdkBytes.fromByteArray(data))
                            .partitionKey(keys.keyOf(data))
                            .build();
            int size = data.length + entry.partitionKey().length();
            if (!batch.isEmpty()
                    && (batch.size() == MAX_RECORDS || batchBytes + size > MAX_BYTES)) {
                send(batch);
                progress.update(sent, failed);
                batch = new ArrayList<>();
                batchBytes = 0;
            }
            batch.add(entry);
            batchBytes += size;
        }
        if (!batch.isEmpty()) send(batch);
        progress.update(sent, failed);
    }

    /**
     * Sends one batch within PutRecords' limits, retrying the entries that failed; returns whether
     * every entry was accepted (false: {@code maxAttempts} ran out, counted in {@link #failed}).
     */
    public boolean send(List<PutRecordsRequestEntry> batch) {
        List<PutRecordsRequestEntry> pending = batch;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > 1) backoff(attempt);
            List<PutRecordsRequestEntry> request = pending;
            try {
                PutRecordsResponse response =
                        kinesis.putRecords(b -> b.streamName(stream).records(request));
                List<PutRecordsRequestEntry> retry = new ArrayList<>();
                List<PutRecordsResultEntry> results = response.records();
                for (int i = 0; i < results.size(); i++) {
                    if (results.get(i).errorCode() == null) sent++;
                    else retry.add(request.get(i));
                }
                pending = retry;
            } catch (SdkException e) {
                LOG.warn("PutRecords attempt {} failed: {}", attempt, e.getMessage());
            }
            if (attempt >= maxAttempts && !pending.isEmpty()) {
                LOG.warn("giving up on {} records after {} attempts", pending.size(), attempt);
                failed += pending.size();
                return false;
            }
        }
        return true;
    }

    private static void backoff(int attempt) {
        long millis = Math.min(5_000L, 50L << Math.min(attempt, 10));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public long sent() {
        return sent;
    }

    public long failed() {
        return failed;
    }
}
