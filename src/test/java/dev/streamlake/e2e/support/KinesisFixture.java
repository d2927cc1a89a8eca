package dev.streamlake.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.tools.local.KinesisLocal;
import dev.streamlake.tools.local.LocalRun;
import dev.streamlake.tools.producer.Kinesis;
import java.nio.file.Path;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * kinesis-local on free loopback ports, with a client for it, for the tests of one class: started
 * once, and stopped by its PID when the class is done, which {@link #close} checks.
 */
public final class KinesisFixture implements AutoCloseable {
    private final KinesisLocal server;
    private final KinesisClient client;

    private KinesisFixture(KinesisLocal server) {
        this.server = server;
        this.client = Kinesis.client("us-east-1", server.endpoint());
    }

    /**
     * Starts the emulator, logging to {@code work/kinesis-local.log}; the AWS SDK gets its
     * identity.
     */
    public static KinesisFixture start(Path work) {
        LocalRun.useEmulatorIdentity();
        return new KinesisFixture(
                KinesisLocal.start(Ports.free(), Ports.free(), work.resolve("kinesis-local.log")));
    }

    public KinesisClient client() {
        return client;
    }

    public String endpoint() {
        return server.endpoint();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.close();
        }
        assertThat(server.isAlive()).as("kinesis-local stopped").isFalse();
    }
}
