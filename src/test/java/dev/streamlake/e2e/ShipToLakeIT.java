package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.Await;
import dev.streamlake.e2e.support.KinesisFixture;
import dev.streamlake.e2e.support.Ledger;
import dev.streamlake.e2e.support.MiniClusterJob;
import dev.streamlake.e2e.support.TestCluster;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.TransformOptions;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.tools.ship.AgentJson;
import dev.streamlake.tools.ship.ShipCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log files to the lake: the {@code ship} command in a process of its own, configured by an {@code
 * agent.json}, tails a log that grows and rotates both ways (rename + create, copy-truncate) into
 * kinesis-local, and the job's {@link LakePipeline#wire} on a MiniCluster writes the lake. Every
 * generated reading written to the log is found exactly once, in its hour or in errors, or dropped
 * by the configuration; the shipper is stopped and started once on the way. A SIGKILL of the
 * shipper, and the options, are tested against kinesis-local in {@code job/} ({@code
 * ShipOnEmulatorTest}).
 */
class ShipToLakeIT {
    @RegisterExtension static final MiniClusterExtension FLINK = TestCluster.extension();

    @TempDir static Path work;
    static KinesisFixture kinesis;

    @BeforeAll
    static void startKinesis() {
        kinesis = KinesisFixture.start(work);
    }

    @AfterAll
    static void stopKinesis() {
        if (kinesis != null) kinesis.close();
    }

    @Test
    void everyLineOfARotatingLogLandsExactlyOnce(@TempDir Path tmp) throws Exception {
        String stream = "shipped";
        Kinesis.createStream(kinesis.client(), stream, 2, Duration.ofSeconds(30));
        Ledger fx = new Ledger(16, System.currentTimeMillis());
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path log = logs.resolve("readings.log");
        Path agent = tmp.resolve("agent.json");
        Files.writeString(
                agent,
                AgentJson.oneFlow(
                        tmp.resolve("checkpoints.json"),
                        kinesis.endpoint(),
                        stream,
                        logs + "/readings.log*"));

        Path lake = tmp.resolve("lake");
        JobConfig cfg =
                kinesis.settings(stream)
                        .set(LakeOptions.PATH, lake.toUri().toString())
                        .set(TransformOptions.DROP_IF, "status == 'TEST'")
                        .config();
        StreamExecutionEnvironment env = TestCluster.environment(2);
        LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
        JobClient job = env.executeAsync("ship-to-lake-it");

        append(log, fx.generated(150));
        Process ship = ship(agent, tmp.resolve("ship-1.log"));
        try {
            append(log, fx.generated(150));
            awaitShipped(tmp.resolve("checkpoints.json")); // it has read the first file: rotate now
            Files.move(log, logs.resolve("readings.log.1")); // rename + create
            append(log, fx.generated(150));
            ship.destroy(); // SIGTERM: sends its buffer, checkpoints, exits
            assertThat(ship.waitFor(60, TimeUnit.SECONDS)).isTrue();
            append(log, fx.generated(150)); // while it is stopped
            ship = ship(agent, tmp.resolve("ship-2.log"));
            append(log, fx.generated(150));
            Files.copy(log, logs.resolve("readings.log.2")); // copy-truncate
            Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            append(log, fx.generated(150));

            Await.until(
                    "every line is in the lake", () -> fx.allLanded(lake), () -> fx.missing(lake));
            ship.destroy();
            assertThat(ship.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(tmp.resolve("ship-2.log"))).contains("ship summary:");
        } finally {
            ship.destroyForcibly(); // a failed run leaves no shipper behind
        }
        MiniClusterJob.stopWithSavepoint(job, tmp);
        fx.assertExactlyOnce(
                lake,
                "Kinesis-Agent-compatible ship: a log rotated by rename and by copy-truncate, shipper restarted",
                "900 generated lines via ship (agent.json) and kinesis-local; SIGKILL of the shipper: ShipOnEmulatorTest");
    }

    private static void append(Path log, List<byte[]> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) {
            out.write(r);
            out.write('\n');
        }
        Files.write(log, out.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Waits until the checkpoint file records that a file was read past its start. */
    private static void awaitShipped(Path checkpoints) throws InterruptedException {
        Await.until(
                "the shipper checkpoints progress",
                () -> {
                    try {
                        return Files.exists(checkpoints)
                                && Files.readString(checkpoints)
                                        .matches("(?s).*\"offset\" : [1-9].*");
                    } catch (IOException e) {
                        return false;
                    }
                },
                () -> "no checkpoint with an offset yet");
    }

    private static Process ship(Path agent, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ShipCommand.class.getName(),
                        "--config",
                        agent.toString(),
                        "--progress-interval",
                        "5000")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }
}
