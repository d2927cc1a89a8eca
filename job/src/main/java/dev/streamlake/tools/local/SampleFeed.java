package dev.streamlake.tools.local;

import dev.streamlake.tools.producer.KinesisProducer;
import dev.streamlake.tools.producer.PartitionKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The sample readings {@code streamlake local} feeds its stream: a thread that sends them in small
 * batches until {@link #close} stops it. Close it before the Kinesis client it sends with: {@code
 * close} ends the loop and waits for its last batch, and a send that fails because the stop closed
 * the client under it ends the loop quietly. A send that fails while the feed runs is not hidden:
 * it ends the thread with its exception, which the thread's uncaught-exception handler prints.
 */
final class SampleFeed implements AutoCloseable {
    /** How long {@link #close} waits for the batch in flight. */
    static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final KinesisProducer producer;
    private final Iterator<byte[]> readings;
    private final int batchSize;
    private final Thread thread;
    private volatile boolean stopped;

    SampleFeed(
            KinesisClient client, String stream, Iterator<byte[]> readings, double ratePerSecond) {
        this.producer = new KinesisProducer(client, stream, new PartitionKeys("device_id"), 8);
        this.readings = readings;
        // Small batches at the requested rate: steady flow rather than bursts.
        this.batchSize = (int) Math.max(1, ratePerSecond / 5);
        this.thread = new Thread(this::sendUntilStopped, "sample-producer");
        thread.setDaemon(true);
    }

    /** Starts the feed's thread. */
    SampleFeed start() {
        thread.start();
        return this;
    }

    /** Sends batches of readings until {@link #stop}; a failure after the stop ends the loop. */
    void sendUntilStopped() {
        try {
            while (!stopped) {
                List<byte[]> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && !stopped) batch.add(readings.next());
                producer.sendAll(batch.iterator());
            }
        } catch (RuntimeException e) {
            if (!stopped) throw e;
            // The stop closed the client (or interrupted the pacing) under this send: the end.
        }
    }

    /** Asks the loop to end after the batch it is sending. */
    void stop() {
        stopped = true;
    }

    /** Stops the loop and waits (at most {@link #STOP_WAIT}) for its last batch to be sent. */
    @Override
    public void close() {
        stop();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
