package dev.streamlake.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.config.SourceOptions.InitialPosition;
import dev.streamlake.tools.local.KinesisLocal;
import dev.streamlake.tools.local.LocalRun;
import dev.streamlake.tools.producer.Kinesis;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

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

    /**
     * The job's source settings for {@code stream} on this emulator, read from the start and polled
     * every 50 ms; a test adds the rest.
     */
    public JobSettings settings(String stream) {
        return JobSettings.create()
                .set(SourceOptions.STREAM, stream)
                .set(SourceOptions.REGION, "us-east-1")
                .set(SourceOptions.ENDPOINT, endpoint())
                .set(SourceOptions.INITIAL_POSITION, InitialPosition.TRIM_HORIZON)
                .set(SourceOptions.POLL_INTERVAL, Duration.ofMillis(50));
    }

    public List<Shard> shards(String stream) {
        return client.listShards(b -> b.streamName(stream)).shards();
    }

    /** Splits the stream's first shard at the middle of its hash keys; returns it (the parent). */
    public Shard splitFirstShard(String stream) throws InterruptedException {
        Shard parent = shards(stream).get(0);
        BigInteger start = new BigInteger(parent.hashKeyRange().startingHashKey());
        BigInteger end = new BigInteger(parent.hashKeyRange().endingHashKey());
        client.splitShard(
                b ->
                        b.streamName(stream)
                                .shardToSplit(parent.shardId())
                                .newStartingHashKey(start.add(end).shiftRight(1).toString()));
        awaitActive(stream);
        return parent;
    }

    /** Merges the two open children of a split {@code parent} back into one shard. */
    public void mergeChildren(String stream, Shard parent) throws InterruptedException {
        List<Shard> children =
                shards(stream).stream()
                        .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                        .filter(s -> parent.shardId().equals(s.parentShardId()))
                        .toList();
        assertThat(children).as("the split's children").hasSize(2);
        client.mergeShards(
                b ->
                        b.streamName(stream)
                                .shardToMerge(children.get(0).shardId())
                                .adjacentShardToMerge(children.get(1).shardId()));
        awaitActive(stream);
    }

    private void awaitActive(String stream) throws InterruptedException {
        Await.until(
                stream + " is ACTIVE",
                () ->
                        client.describeStreamSummary(b -> b.streamName(stream))
                                        .streamDescriptionSummary()
                                        .streamStatus()
                                == StreamStatus.ACTIVE,
                () -> "");
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
