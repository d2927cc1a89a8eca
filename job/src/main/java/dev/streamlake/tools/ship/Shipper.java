package dev.streamlake.tools.ship;

import dev.streamlake.tools.producer.KinesisProducer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * All flows of an {@code agent.json}, one thread each, sharing one checkpoint file, with a progress
 * line every {@code progressMillis} and the summary when stopped.
 */
final class Shipper implements AutoCloseable {
    private final List<FlowShipper> flows = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ShipStats stats = new ShipStats();
    private final long shutdownTimeoutMillis;

    Shipper(AgentConfig config, Checkpoints checkpoints, KinesisClient kinesis) throws IOException {
        this.shutdownTimeoutMillis = config.shutdownTimeoutMillis;
        for (FlowConfig flow : config.flows) {
            KinesisProducer producer = new KinesisProducer(kinesis, flow.stream, Integer.MAX_VALUE);
            flows.add(new FlowShipper(flow, producer, checkpoints, stats));
        }
    }

    ShipStats stats() {
        return stats;
    }

    void start() {
        for (int i = 0; i < flows.size(); i++) {
            Thread t = new Thread(flows.get(i), "ship-flow-" + i);
            t.start();
            threads.add(t);
        }
    }

    /** Prints progress until every flow has ended (each ends only when stopped, or on an error). */
    void reportUntilDone(PrintStream out, long progressMillis) throws InterruptedException {
        for (Thread t : threads) {
            while (t.isAlive()) {
                t.join(progressMillis);
                if (t.isAlive()) out.println("ship: " + stats.progress());
            }
        }
    }

    /**
     * Stops every flow; each sends its buffer and checkpoints, within {@code
     * shutdownTimeoutMillis}.
     */
    @Override
    public void close() throws InterruptedException {
        flows.forEach(FlowShipper::stop);
        long deadline = System.currentTimeMillis() + shutdownTimeoutMillis;
        for (Thread t : threads) {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
        for (Thread t : threads) {
            t.interrupt(); // still sending after the timeout: its batch stays
            // unacknowledged, sent again next time
        }
    }
}
