package dev.streamlake.e2e.support;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.pipeline.JobIo;
import dev.streamlake.job.pipeline.LakePipeline;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The job of one test on its class's MiniCluster, and the steps that end a run: the job's settled
 * counters, a stop with a savepoint, and {@link #finish}, the whole end of a run without restarts.
 */
public final class MiniClusterJob {
    private final MiniClusterExtension flink;
    private final JobClient client;

    private MiniClusterJob(MiniClusterExtension flink, JobClient client) {
        this.flink = flink;
        this.client = client;
    }

    /** The pipeline with {@code io}, on {@link TestCluster#environment} at parallelism 2. */
    public static MiniClusterJob start(
            MiniClusterExtension flink, JobIo io, JobConfig cfg, String name) throws Exception {
        StreamExecutionEnvironment env = TestCluster.environment(2);
        LakePipeline.wire(env, io, cfg);
        return submit(flink, env, name);
    }

    /** Submits what the test wired on {@code env} itself. */
    public static MiniClusterJob submit(
            MiniClusterExtension flink, StreamExecutionEnvironment env, String name)
            throws Exception {
        return new MiniClusterJob(flink, env.executeAsync(name));
    }

    /** The job's counters, once the REST API's figures have settled. */
    public JobCounters counters() throws InterruptedException {
        return JobCounters.settled(TestCluster.rest(flink), client.getJobID());
    }

    /**
     * Stops the job with a savepoint under {@code tmp/savepoints}; returns the savepoint's path.
     */
    public String stopWithSavepoint(Path tmp) throws Exception {
        return stopWithSavepoint(client, tmp);
    }

    /**
     * Stops {@code job} (submitted by the test itself) with a savepoint under {@code
     * tmp/savepoints}, waiting up to 2 minutes; returns the savepoint's path.
     */
    public static String stopWithSavepoint(JobClient job, Path tmp) throws Exception {
        return job.stopWithSavepoint(
                        false,
                        tmp.resolve("savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
    }

    public void cancel() throws Exception {
        client.cancel().get(1, TimeUnit.MINUTES);
    }

    /**
     * The end of a run without restarts: waits until every record is in {@code lake}, checks the
     * job's counters against what was sent ({@link Ledger#assertCounted}), stops the job with a
     * savepoint, and checks that the lake holds every record exactly once, adding a row for {@code
     * fault} to the reliability report unless it is null.
     */
    public void finish(
            Ledger ledger,
            Path lake,
            long kinesisRecordsSent,
            long userRecordsSent,
            Path tmp,
            String fault,
            String note)
            throws Exception {
        ledger.awaitLanded(lake);
        ledger.assertCounted(counters(), lake, kinesisRecordsSent, userRecordsSent);
        stopWithSavepoint(tmp);
        ledger.assertExactlyOnce(lake, fault, note);
    }
}
