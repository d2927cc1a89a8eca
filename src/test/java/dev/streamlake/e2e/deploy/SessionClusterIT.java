package dev.streamlake.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlake.e2e.support.Await;
import dev.streamlake.e2e.support.ClusterRest;
import dev.streamlake.e2e.support.ClusterSettings;
import dev.streamlake.e2e.support.FlinkCluster;
import dev.streamlake.e2e.support.FlinkCluster.Node;
import dev.streamlake.e2e.support.JobProcess;
import dev.streamlake.e2e.support.JvmClassSpace;
import dev.streamlake.e2e.support.KinesisFixture;
import dev.streamlake.e2e.support.LakeRun;
import dev.streamlake.e2e.support.Ledger;
import dev.streamlake.e2e.support.Listening;
import dev.streamlake.e2e.support.ReliabilityReport;
import dev.streamlake.e2e.support.S3Fixture;
import dev.streamlake.e2e.support.S3Lake;
import dev.streamlake.job.config.ConfigSources;
import dev.streamlake.tools.local.LocalS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable jar, as built, on a real multi-process Flink session cluster ({@link
 * FlinkCluster}: a JobManager and two TaskManagers in JVMs of their own, one slot each, S3 through
 * the flink-s3-fs-hadoop plugin), submitted the way a user of a self-managed cluster submits it:
 * {@code POST /jars/upload}, then {@code POST /jars/<id>/run} at parallelism 2 with {@code
 * programArgsList ["--config", FILE]}, FILE in Managed Flink's property-group shape, no file under
 * {@code /etc/flink}, and no checkpoint interval in the cluster's configuration. Peers: real Flink
 * processes, kinesis-local, s3proxy. Every scenario counts each record exactly once in the lake on
 * s3proxy. One cluster serves all scenarios; the TaskManager kill comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionClusterIT {
    private static final String BUCKET = "lake";

    /** Submit + cancel cycles of the classloader check. */
    private static final int CYCLES = 5;

    /**
     * User-code classloaders a TaskManager may keep after every job is gone (see the leak test).
     */
    private static final int PINNED = 1;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    static KinesisFixture kinesis;
    static LocalS3 s3;
    static FlinkCluster cluster;
    static ClusterRest rest;
    static String jarId;

    @BeforeAll
    static void startCluster() throws Exception {
        assertThat(Path.of(ConfigSources.MANAGED_FLINK_FILE))
                .as("no Managed Flink file on this machine")
                .doesNotExist();
        kinesis = KinesisFixture.start(work);
        s3 = S3Fixture.start(work, BUCKET);
        cluster =
                FlinkCluster.session(
                        work.resolve("session-cluster"),
                        ClusterSettings.lakeOnS3(s3.endpoint(), BUCKET),
                        2);
        rest = cluster.rest();
        assertThat(Files.readString(cluster.dir().resolve("conf/config.yaml")))
                .doesNotContain("execution.checkpointing");
        jarId = rest.uploadJar(JobProcess.deployableJar());
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (cluster != null) cluster.close();
        } finally {
            try {
                if (s3 != null) {
                    s3.close();
                    assertThat(s3.isAlive()).as("s3proxy stopped").isFalse();
                }
            } finally {
                if (kinesis != null) kinesis.close();
            }
        }
    }

    @Test
    @Order(1)
    void theJarSubmittedOverRestWritesEveryRecordOnceAndCheckpointsByItself() throws Exception {
        try (LakeRun run = new LakeRun("base", 41, kinesis, s3.endpoint(), BUCKET, work)) {
            run.sendGenerated(300);
            String job = startJob(run.programArgs(), null);
            assertThat(rest.taskManagersOf(job)).as("tasks on both TaskManagers").hasSize(2);
            Listening.assertLoopbackOnly(cluster.jobManager().pid(), "the JobManager");
            for (Node tm : cluster.taskManagers())
                Listening.assertLoopbackOnly(tm.pid(), tm.name());
            run.awaitLanded(cluster);

            // The cluster configures no checkpoints: lake.checkpoint-interval (2 s) is the job's
            // own.
            JsonNode checkpoints = rest.checkpointConfig(job);
            assertThat(checkpoints.path("mode").asText()).isEqualTo("exactly_once");
            assertThat(checkpoints.path("interval").asLong()).isEqualTo(2000L);
            assertThat(rest.completedCheckpoints(job)).isPositive();
            rest.cancel(job);
            run.ledger()
                    .assertExactlyOnce(
                            run.lake()::read,
                            "session cluster: jar over REST, p=2 on 2 TaskManagers",
                            "--config in the property-group shape, no /etc/flink; checkpoints enabled by the job");
        }
    }

    @Test
    @Order(2)
    void aStopWithSavepointAndAResubmitFromItLoseAndRepeatNothing() throws Exception {
        try (LakeRun run = new LakeRun("savepoint", 42, kinesis, s3.endpoint(), BUCKET, work)) {
            run.sendGenerated(300);
            String first = startJob(run.programArgs(), null);
            run.awaitLanded(cluster);
            String savepoint =
                    rest.stopWithSavepoint(first, "s3://" + BUCKET + "/savepoints/" + run.stream());
            assertThat(savepoint).startsWith("s3://" + BUCKET + "/savepoints/");

            run.sendGenerated(300); // while no job runs
            String second = startJob(run.programArgs(), savepoint);
            assertThat(rest.restoredFrom(second)).isEqualTo(savepoint);
            run.awaitLanded(cluster);
            rest.cancel(second);
            run.ledger()
                    .assertExactlyOnce(
                            run.lake()::read,
                            "session cluster: stop-with-savepoint, 300 records sent while stopped, resubmit from it",
                            "POST /jobs/<id>/stop, then /jars/<id>/run with savepointPath");
        }
    }

    /**
     * Submit + cancel on a session cluster must not leave the job's user-code classloader behind in
     * a TaskManager. Each cycle submits the job, waits for its records in a lake of its own,
     * cancels it, and measures every TaskManager after a full GC ({@link JvmClassSpace}). A
     * cancelled job's classloader can outlive it by the idle timeout of threads created while it
     * ran: seen in a heap dump, the S3 plugin's upload threads (Hadoop S3A's transfer pool) keep
     * the access-control context of the job code whose S3 call started them, and with it the job's
     * classloader, until their keep-alive ({@code fs.s3a.threads.keepalivetime}, 60 s) ends. So
     * after the first cycle and after the last, the test waits until at most {@value #PINNED}
     * user-code classloader is left per TaskManager (one can stay: seen on one TaskManager of two,
     * never more however many submits; what holds it is not identified yet), and checks that live
     * classes and Metaspace, less what the user-code loaders still there hold, are then where they
     * were after the first cycle, within a tenth of one job's worth (a job's classes: ~2,250, ~13.6
     * MB, measured in the first cycle as what a loader gone freed). Before the leak fix every
     * submit left its classloader for good.
     */
    @Test
    @Order(3)
    void submittingAndCancellingTheJobAgainAndAgainLeavesNoClassloaderBehind() throws Exception {
        try (LakeRun run = new LakeRun("leak", 43, kinesis, s3.endpoint(), BUCKET, work)) {
            run.sendGenerated(40);
            List<Node> taskManagers = cluster.taskManagers();
            Map<Node, List<String>> rows = new LinkedHashMap<>();
            taskManagers.forEach(tm -> rows.put(tm, new ArrayList<>()));
            Map<Node, JvmClassSpace> held = new LinkedHashMap<>();
            Map<Node, JvmClassSpace> baseline = null;
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                // Each cycle writes a lake of its own: a program argument overrides the file's
                // lake.path.
                String lakePath = run.lakePath() + "-" + cycle;
                String job = startJob(run.programArgs("--lake.path", lakePath), null);
                try (S3Lake lake =
                        new S3Lake(
                                s3.endpoint(),
                                BUCKET,
                                lakePath.substring(lakePath.lastIndexOf('/') + 1))) {
                    run.awaitLanded(lake, cluster);
                    rest.cancel(job);
                    run.ledger().assertExactlyOnce(lake::read, null, "");
                }
                await("the cancelled job's slots are free", rest::allSlotsFree);
                for (Node tm : taskManagers) {
                    JvmClassSpace now = JvmClassSpace.afterFullGc(tm.pid());
                    rows.get(tm).add(row("cycle " + cycle + ", just cancelled", now));
                    if (cycle == 1) held.put(tm, now);
                }
                if (cycle == 1) baseline = awaitCollected(taskManagers, rows, "cycle 1, collected");
            }
            Map<Node, JvmClassSpace> end =
                    awaitCollected(taskManagers, rows, "cycle " + CYCLES + ", collected");
            String table = table(rows);
            System.out.println(
                    "Classes per TaskManager after submit + cancel + full GC:\n" + table);
            for (Node tm : taskManagers) {
                // Which of the two measurements keeps the loader that can stay is chance: compare
                // them without what their user-code loaders hold, a loader at one job's worth.
                JvmClassSpace oneJob = JvmClassSpace.perLoader(held.get(tm), baseline.get(tm));
                JvmClassSpace after = end.get(tm).withoutUserCode(oneJob);
                JvmClassSpace before = baseline.get(tm).withoutUserCode(oneJob);
                assertThat(after.liveClasses())
                        .as(tm + ": live classes outside user-code loaders\n" + table)
                        .isLessThanOrEqualTo(before.liveClasses() + oneJob.liveClasses() / 10);
                assertThat(after.metaspaceUsedMb())
                        .as(tm + ": Metaspace outside user-code loaders (MB)\n" + table)
                        .isLessThanOrEqualTo(
                                before.metaspaceUsedMb() + oneJob.metaspaceUsedMb() / 10);
            }
            Node tm = taskManagers.get(0);
            // Each cycle's lake was checked exactly once above.
            long sent = run.ledger().expected().size() * (long) CYCLES;
            long dropped =
                    run.ledger().expected().values().stream().filter(Ledger.DROPPED::equals).count()
                            * CYCLES;
            ReliabilityReport.row(
                    "session cluster: the job submitted and cancelled " + CYCLES + " times",
                    sent,
                    sent - dropped,
                    dropped,
                    0,
                    0,
                    String.format(
                            "each cycle's lake exactly once; per TaskManager after the last cancel"
                                    + " and a full GC: at most one user-code classloader left, live classes %d (%d after the first),"
                                    + " Metaspace %.1f MB (%.1f)",
                            end.get(tm).liveClasses(),
                            baseline.get(tm).liveClasses(),
                            end.get(tm).metaspaceUsedMb(),
                            baseline.get(tm).metaspaceUsedMb()));
        }
    }

    /**
     * Waits until every TaskManager holds at most {@value #PINNED} user-code classloader after a
     * full GC.
     */
    private static Map<Node, JvmClassSpace> awaitCollected(
            List<Node> taskManagers, Map<Node, List<String>> rows, String label)
            throws InterruptedException {
        Map<Node, JvmClassSpace> now = new LinkedHashMap<>();
        Await.until(
                "every cancelled job's classloader is collected (" + label + ")",
                Duration.ofSeconds(5),
                () -> {
                    for (Node tm : taskManagers) now.put(tm, JvmClassSpace.afterFullGc(tm.pid()));
                    return now.values().stream().allMatch(m -> m.userCodeClassLoaders() <= PINNED);
                },
                () -> {
                    now.forEach((tm, m) -> rows.get(tm).add(row(label + ": TIMED OUT", m)));
                    return "user-code classloaders still alive\n" + table(rows);
                });
        now.forEach((tm, m) -> rows.get(tm).add(row(label, m)));
        return now;
    }

    @Test
    @Order(4)
    void aTaskManagerKilledMidStreamAndReplacedLosesAndRepeatsNothing() throws Exception {
        try (LakeRun run = new LakeRun("kill", 44, kinesis, s3.endpoint(), BUCKET, work)) {
            run.sendGenerated(300);
            String job = startJob(run.programArgs(), null);
            run.awaitLanded(cluster); // a checkpoint has committed the first batch

            List<byte[]> during = run.ledger().generated(600);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> run.send(during));
            Node victim =
                    cluster.taskManagers().stream()
                            .filter(Node::isAlive)
                            .filter(tm -> rest.taskManagersOf(job).contains(tm.name()))
                            .findFirst()
                            .orElseThrow();
            cluster.kill(victim);
            Node replacement = cluster.startTaskManager();
            sending.join();
            run.sendGenerated(300);

            run.awaitLanded(cluster);
            rest.awaitRunning(job);
            assertThat(rest.exceptionHistory(job))
                    .as("the kill failed the job, which restarted")
                    .isNotEmpty();
            assertThat(rest.taskManagersOf(job))
                    .doesNotContain(victim.name())
                    .contains(replacement.name());
            rest.cancel(job);
            run.ledger()
                    .assertExactlyOnce(
                            run.lake()::read,
                            "session cluster: kill -9 of a TaskManager mid-stream, a replacement started",
                            "600 records sent meanwhile; the job restarts from its last checkpoint on the survivor and the replacement");
        }
    }

    // ---------------------------------------------------------------------------------------

    /**
     * Runs the uploaded jar with {@code programArgs} at parallelism 2, from {@code savepoint}
     * unless it is null; returns the job's id once the job runs.
     */
    private static String startJob(List<String> programArgs, String savepoint)
            throws InterruptedException {
        String job = rest.runJar(jarId, programArgs, 2, savepoint);
        rest.awaitRunning(job);
        return job;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, condition, cluster::diagnosis);
    }

    private static String row(String when, JvmClassSpace m) {
        return String.format(
                "| %s | %d | %.1f | %d |",
                when, m.liveClasses(), m.metaspaceUsedMb(), m.userCodeClassLoaders());
    }

    private static String table(Map<Node, List<String>> rows) {
        StringBuilder s =
                new StringBuilder(
                        "| TaskManager | when | live classes | Metaspace used (MB) | user-code classloaders |\n");
        rows.forEach(
                (tm, list) ->
                        list.forEach(
                                r ->
                                        s.append("| ")
                                                .append(tm.name())
                                                .append(" ")
                                                .append(r)
                                                .append("\n")));
        return s.toString();
    }
}
