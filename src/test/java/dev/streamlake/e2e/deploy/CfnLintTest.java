package dev.streamlake.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template passes cfn-lint, AWS's CloudFormation linter (the Python package, 1.x, with the
 * current resource schemas; .ci/setup checks it is installed). npm's "cfn-lint" is a different,
 * unmaintained tool whose 2019 specification rejects valid properties of this template.
 */
class CfnLintTest {

    @Test
    void templatePassesCfnLint() throws Exception {
        Result r = cfnLint(DeployFiles.template());
        assertThat(r.output).isEmpty();
        assertThat(r.exit).as("cfn-lint exit code").isZero();
    }

    /** Proof that the linter in use knows these resources: it rejects what AWS would reject. */
    @Test
    void cfnLintRejectsAnUnknownRuntimeAndAMisspelledProperty(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad,
                Files.readString(DeployFiles.template())
                        .replace("RuntimeEnvironment: FLINK-1_19", "RuntimeEnvironment: FLINK-1_99")
                        .replace("CheckpointingEnabled: true", "CheckpointingEnable: true"));
        Result r = cfnLint(bad);
        assertThat(r.exit).isNotZero();
        assertThat(r.output)
                .contains("E3030:'FLINK-1_99' is not one of")
                .contains("'CheckpointingEnable' was unexpected");
    }

    private static Result cfnLint(Path template) throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(List.of("cfn-lint", "--format", "parseable", template.toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cfn-lint is not installed: run .ci/setup", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
        return new Result(p.exitValue(), out);
    }

    private static final class Result {
        final int exit;
        final String output;

        Result(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }
}
