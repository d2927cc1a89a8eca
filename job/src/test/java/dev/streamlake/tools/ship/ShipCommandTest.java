package dev.streamlake.tools.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.streamlake.tools.ship.Checkpoints.FileState;
import dev.streamlake.tools.ship.Checkpoints.FlowState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command's start-up refusals, and the checkpoint file's round trip and its refusal of the
 * agent's own.
 */
class ShipCommandTest {
    /** agent.json in {@code dir}, holding {@code json}. */
    private static Path agentFile(Path dir, String json) throws IOException {
        return Files.writeString(dir.resolve("agent.json"), json);
    }

    @Test
    void strictRefusesToStartOnKeysItDoesNotHonourAndNamesThem(@TempDir Path tmp) throws Exception {
        Path agent =
                agentFile(
                        tmp,
                        "{\"checkpointFile\": \""
                                + tmp.resolve("cp.json")
                                + "\", \"cloudwatch.emitMetrics\": true,"
                                + " \"flows\": [{\"kinesisStream\": \"s\", \"filePattern\": \""
                                + tmp
                                + "/*.log\"}]}");
        String err = run(agent, "--strict");
        assertThat(err)
                .contains("ship: agent.json cloudwatch.emitMetrics: not supported")
                .contains("--strict: 1 keys or flows above are not honoured");
        assertThat(exit).isEqualTo(2);
        assertThat(tmp.resolve("cp.json")).doesNotExist();
    }

    @Test
    void aConfigurationWithOnlyFirehoseFlowsHasNothingToRun(@TempDir Path tmp) throws Exception {
        Path agent =
                agentFile(
                        tmp,
                        "{\"flows\": [{\"deliveryStream\": \"fh\", \"filePattern\": \"/var/log/a.log\"}]}");
        String err = run(agent);
        assertThat(err)
                .contains("flows[0].deliveryStream: Firehose delivery streams are not supported")
                .contains("has no kinesisStream flows");
        assertThat(exit).isEqualTo(2);
    }

    @Test
    void aBadValueIsReportedWithItsKeyAndFile(@TempDir Path tmp) throws Exception {
        Path agent =
                agentFile(
                        tmp,
                        "{\"flows\": [{\"kinesisStream\": \"s\", \"filePattern\": \"/a/b.log\","
                                + " \"maxBufferSizeBytes\": 0}]}");
        assertThat(run(agent))
                .contains(
                        "ship: "
                                + agent
                                + ": flows[0].maxBufferSizeBytes: 0 is outside 1..5242880");
        assertThat(exit).isEqualTo(2);
    }

    @Test
    void checkpointsRoundTripAndTheAgentsSqliteFileIsRefusedByName(@TempDir Path tmp)
            throws Exception {
        Path file = tmp.resolve("sub/cp.json");
        Checkpoints cp = Checkpoints.open(file, "checkpointFile");
        cp.put(
                "kinesis:s:/a/*.log",
                new FlowState(
                        List.of(new FileState("(dev=1,ino=2)", "/a/x.log", 42, 3, "abc", null)),
                        7,
                        5));
        FlowState back = Checkpoints.open(file, "checkpointFile").get("kinesis:s:/a/*.log");
        assertThat(back.files)
                .containsExactly(new FileState("(dev=1,ino=2)", "/a/x.log", 42, 3, "abc", null));
        assertThat(back.listedAt).isEqualTo(7);
        assertThat(back.inFlight).isEqualTo(5);
        assertThat(tmp.resolve("sub/cp.json.tmp")).doesNotExist();

        Path sqlite = tmp.resolve("checkpoints");
        Files.write(sqlite, "SQLite format 3\0...".getBytes(StandardCharsets.US_ASCII));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Checkpoints.open(sqlite, "checkpointFile"))
                .withMessageStartingWith(
                        "checkpointFile: "
                                + sqlite
                                + " is the Kinesis Agent's own checkpoint database");
    }

    private int exit;

    private String run(Path agent, String... more) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] args = new String[more.length + 2];
            args[0] = "--config";
            args[1] = agent.toString();
            System.arraycopy(more, 0, args, 2, more.length);
            exit = new CommandLine(new ShipCommand()).execute(args);
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }
}
