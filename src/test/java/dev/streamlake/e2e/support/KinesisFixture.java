package dev.streamlake.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.config.SourceOptions.InitialPosition;
import dev.streamlake.tools.local.FreePorts;
import dev.streamlake.tools.local.KinesisLocal;
import dev.streamlake.tools.local.LocalRun;
import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.tools.producer.KinesisProducer;
import dev.streamlake.tools.producer.PartitionKeys;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.flink.util.FileUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * kinesis-local on free loopback ports, with a client for it, for the tests of one class: started
 * once, and stopped by its PID when the class is done, which {@link #close} checks. As a JUnit
 * extension ({@link #perClass}) it does both itself, logging to a temporary folder of its own.
 */
public final class KinesisFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private KinesisLocal server;
    private KinesisClient client;
    private Path folder; // the extension's own, deleted after the class

    private KinesisFixture() {}

    /**
     * Starts the emulator, logging to {@code work/kinesis-local.log}; the AWS SDK gets its
     * identity.
     */
    public static KinesisFixture start(Path work) {
        KinesisFixture fixture = new KinesisFixture();
        fixture.startIn(work);
        return fixture;
    }

    /**
     * For {@code @RegisterExtension static final}: started before the class's {@code @BeforeAll}
     * methods, stopped after its {@code @AfterAll} methods.
     */
    public static KinesisFixture perClass() {
        return new KinesisFixture();
    }

    private void startIn(Path work) {
        LocalRun.useEmulatorIdentity();
        server =
                KinesisLocal.start(
                        FreePorts.loopback(),
                        FreePorts.loopback(),
                        work.resolve("kinesis-local.log"));
        client = Kinesis.client("us-east-1", server.endpoint());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        folder = Files.createTempDirectory("kinesis-local");
        startIn(folder);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (server != null) close();
        } finally {
            if (folder != null) FileUtils.deleteDirectory(folder.toFile());
        }
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

    /** Creates {@code stream} with {@code shards} shards, waits until it is active; returns it. */
    public String createStream(String stream, int shards) {
        Kinesis.createStream(client, stream, shards, Duration.ofSeconds(30));
        return stream;
    }

    /**
     * Puts {@code records} on {@code stream} with the project's producer, keyed by {@code
     * device_id}, and checks that Kinesis took every one; safe to call from another thread.
     */
    public void send(String stream, List<byte[]> records) {
        KinesisProducer producer =
                new KinesisProducer(client, stream, new PartitionKeys("device_id"), 8);
        producer.sendAll(records.iterator());
        assertThat(producer.failed()).as("records Kinesis refused").isZero();
        assertThat(producer.sent()).as("records Kinesis took").isEqualTo(records.size());
    }

    public List<Shard> shards(String stream) {
        return client.listShards(b -> b.streamName(stream)).shards();
    }

    /**
     * Reshards {@code stream} (two shards) while a job reads it, sending a batch at each stage:
     * batch 1 on the two shards, then the first shard is split and batch 2 goes to three open
     * shards, then the split's children are merged and batch 3 goes to two open shards again.
     */
    public void splitAndMergeWhileSending(String stream, IntConsumer sendBatch)
            throws InterruptedException {
        sendBatch.accept(1);
        Shard parent = splitFirstShard(stream);
        sendBatch.accept(2);
        mergeChildren(stream, parent);
        sendBatch.accept(3);
        assertThat(shards(stream)).as("2 + 2 children + 1 merged").hasSize(5);
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
