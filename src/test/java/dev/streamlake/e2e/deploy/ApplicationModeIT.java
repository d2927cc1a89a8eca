package dev.streamlake.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlake.e2e.support.ApplicationClusterMain;
import dev.streamlake.e2e.support.Await;
import dev.streamlake.e2e.support.ClusterRest;
import dev.streamlake.e2e.support.ClusterSettings;
import dev.streamlake.e2e.support.FlinkCluster;
import dev.streamlake.e2e.support.JobProcess;
import dev.streamlake.e2e.support.KinesisFixture;
import dev.streamlake.e2e.support.LakeRun;
import dev.streamlake.e2e.support.S3Fixture;
import dev.streamlake.job.StreamingJob;
import dev.streamlake.job.config.ConfigSources;
import dev.streamlake.tools.local.LocalS3;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable jar in application mode, the way Managed Flink and the Flink Kubernetes operator
 * run a job: the jar in {@code usrlib/}, a JobManager started with the job's main class and program
 * arguments, which runs {@code main} itself ({@link ApplicationClusterMain}: Flink's application
 * mode behind a stand-in for flink-container's entrypoint, which Maven Central does not serve), and
 * one TaskManager. Its Flink settings are those of {@code
 * kda-deploy/kubernetes/flink-deployment.yaml}, key for key (checkpoints and savepoints on s3proxy
 * instead of the manifest's bucket, a 3 s interval instead of 60 s), its program arguments the
 * manifest's {@code spec.job.args} with the file a local one, and {@code spec.job.parallelism} as
 * {@code parallelism.default}, which is how the operator passes it. Peers: real Flink processes,
 * kinesis-local, s3proxy.
 */
class ApplicationModeIT {
    private static final String BUCKET = "lake";

    /** The manifest's values that only make sense on AWS, or are too slow for a test. */
    private static final Map<String, String> LOCAL_VALUES =
            Map.of(
                    "execution.checkpointing.interval", "3 s",
                    "state.checkpoints.dir", "s3://" + BUCKET + "/application/checkpoints",
                    "state.savepoints.dir", "s3://" + BUCKET + "/application/savepoints");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void theJarRunByTheApplicationEntrypointWritesEveryRecordOnceWithTheManifestsSettings()
            throws Exception {
        assertThat(Path.of(ConfigSources.MANAGED_FLINK_FILE))
                .as("no Managed Flink file on this machine")
                .doesNotExist();
        FlinkDeploymentManifest manifest = FlinkDeploymentManifest.load();
        try (KinesisFixture kinesis = KinesisFixture.start(work);
                LocalS3 s3 = S3Fixture.start(work, BUCKET);
                LakeRun run =
                        new LakeRun("application", 45, kinesis, s3.endpoint(), BUCKET, work)) {
            Map<String, String> flink =
                    new LinkedHashMap<>(ClusterSettings.lakeOnS3(s3.endpoint(), BUCKET));
            manifest.flinkConfiguration()
                    .forEach((k, v) -> flink.put(k, LOCAL_VALUES.getOrDefault(k, v)));
            flink.put("parallelism.default", String.valueOf(manifest.job().get("parallelism")));
            List<String> args = new ArrayList<>(manifest.jobArgs());
            assertThat(args).hasSize(2).first().isEqualTo("--config");
            args.set(1, run.configFile().toString());

            run.sendGenerated(300);
            try (FlinkCluster cluster =
                    FlinkCluster.application(
                            work.resolve("application-cluster"),
                            flink,
                            JobProcess.deployableJar(),
                            StreamingJob.class.getName(),
                            args,
                            1)) {
                ClusterRest rest = cluster.rest();
                Await.until(
                        "the JobManager has submitted the job",
                        () -> !rest.jobIds().isEmpty(),
                        cluster::diagnosis);
                String job = rest.jobIds().get(0);
                rest.awaitRunning(job);
                assertThat(rest.job(job).path("vertices").get(0).path("parallelism").asInt())
                        .isEqualTo(2);
                run.awaitLanded(cluster);
                run.sendGenerated(300);
                run.awaitLanded(cluster);

                // The cluster's checkpoint settings (the manifest's keys) win over
                // lake.checkpoint-interval (2 s).
                JsonNode checkpoints = rest.checkpointConfig(job);
                assertThat(checkpoints.path("mode").asText()).isEqualTo("exactly_once");
                assertThat(checkpoints.path("interval").asLong()).isEqualTo(3000L);

                // The application's cluster lives as long as its job.
                rest.requestCancel(job);
                Await.until(
                        "the JobManager exits with its job",
                        () -> !cluster.jobManager().isAlive(),
                        cluster::diagnosis);
            }
            run.ledger()
                    .assertExactlyOnce(
                            run.lake()::read,
                            "application mode: the JobManager runs the jar's main, 1 TaskManager, p=2",
                            "Flink settings and program arguments of kda-deploy/kubernetes/flink-deployment.yaml");
        }
    }
}
