package dev.streamlake.e2e.support;

import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.config.TransformOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * One scenario's data path on a cluster: a Kinesis stream of its own (two shards), a lake prefix of
 * its own on the S3 server, the {@link Ledger} of what was sent, and the job configuration joining
 * them, a file in Managed Flink's property-group shape passed as {@code --config FILE}. The lake's
 * S3 settings are the cluster's ({@code s3.*}), as on any self-managed cluster.
 */
public final class LakeRun implements AutoCloseable {
    private final KinesisFixture kinesis;
    private final String stream;
    private final String lakePath;
    private final Ledger ledger;
    private final S3Lake lake;
    private final Path configFile;

    public LakeRun(
            String name,
            long seed,
            KinesisFixture kinesis,
            String s3Endpoint,
            String bucket,
            Path work) {
        this.kinesis = kinesis;
        this.stream = "cluster-" + name;
        this.lakePath = "s3://" + bucket + "/" + name;
        this.ledger = new Ledger(seed, System.currentTimeMillis());
        this.lake = new S3Lake(s3Endpoint, bucket, name);
        kinesis.createStream(stream, 2);
        this.configFile =
                PropertyGroups.write(
                        work.resolve(name + "-application-properties.json"), jobSettings());
    }

    /** What the job is told: the stream, the lake, a 2 s checkpoint interval, the TEST filter. */
    private Map<ConfigOption<?>, String> jobSettings() {
        Map<ConfigOption<?>, String> c = new LinkedHashMap<>();
        c.put(SourceOptions.STREAM, stream);
        c.put(SourceOptions.REGION, "us-east-1");
        c.put(SourceOptions.ENDPOINT, kinesis.endpoint());
        c.put(SourceOptions.INITIAL_POSITION, "TRIM_HORIZON");
        c.put(SourceOptions.POLL_INTERVAL, "100 ms");
        c.put(LakeOptions.PATH, lakePath);
        c.put(LakeOptions.CHECKPOINT_INTERVAL, "2 s");
        c.put(
                TransformOptions.DROP_IF,
                "status == 'TEST'"); // the ledger counts TEST readings as dropped
        return c;
    }

    /** {@code --config FILE}, then {@code overrides} ({@code --group.name value} pairs). */
    public List<String> programArgs(String... overrides) {
        List<String> args = new ArrayList<>(List.of("--config", configFile.toString()));
        args.addAll(List.of(overrides));
        return args;
    }

    public Path configFile() {
        return configFile;
    }

    public String stream() {
        return stream;
    }

    public String lakePath() {
        return lakePath;
    }

    public Ledger ledger() {
        return ledger;
    }

    public S3Lake lake() {
        return lake;
    }

    /** Sends {@code count} generated readings (the ledger records where each must land). */
    public void sendGenerated(int count) {
        send(ledger.generated(count));
    }

    /** Sends records taken from the ledger; safe to call from another thread. */
    public void send(List<byte[]> records) {
        kinesis.send(stream, records);
    }

    /** Waits until every record sent so far is in {@code lake} (committed files only). */
    public void awaitLanded(S3Lake lake, FlinkCluster cluster) throws InterruptedException {
        Await.until(
                "every record sent is in " + lakePath,
                () -> {
                    try {
                        return ledger.allLanded(lake::read);
                    } catch (NoSuchKeyException recommitted) {
                        // After a restore the sink commits its pending files again; on s3proxy such
                        // an
                        // object can vanish for an instant between the listing and the read. Look
                        // again.
                        return false;
                    }
                },
                () -> ledger.missing(lake::read) + "\n" + cluster.diagnosis());
    }

    public void awaitLanded(FlinkCluster cluster) throws InterruptedException {
        awaitLanded(lake, cluster);
    }

    @Override
    public void close() {
        lake.close();
    }
}
