package dev.streamlake.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kda-deploy/deploy and teardown against a stub {@code aws} first on PATH (there is no AWS here):
 * the stub records every call it receives, quoted as the scripts print them, and answers the few
 * calls whose output the scripts use.
 */
class DeployScriptTest {
    private static final String REGION = "eu-west-1";
    private static final String STUB =
            String.join(
                    "\n",
                    "#!/usr/bin/env bash",
                    "{ printf '+ aws'; printf ' %q' \"$@\"; printf '\\n'; } >> \"$AWS_STUB_LOG\"",
                    "if [ \"$1 $2\" = \"${AWS_STUB_FAIL:-}\" ]; then echo 'An error occurred (ValidationError)' >&2; exit 255; fi",
                    "case \"$1 $2\" in",
                    "  'sts get-caller-identity') echo 123456789012 ;;",
                    "  'cloudformation describe-stacks')",
                    "    n=$(grep -c 'describe-stacks' \"$AWS_STUB_LOG\")",
                    "    printf 'ArtifactBucketName\\tsl-artifacts-1\\nStreamName\\tstreamlake-readings\\nLakeBucketName\\tsl-lake-1\\n'",
                    "    printf 'LakePath\\ts3://sl-lake-1/lake\\nGlueDatabaseName\\tstreamlake\\nLogGroupName\\t/aws/kinesis-analytics/streamlake\\n'",
                    "    [ \"$n\" -gt 1 ] && printf 'ApplicationName\\tstreamlake\\n' ;;  # no application before the code is up",
                    "  'kinesisanalyticsv2 describe-application') echo \"${AWS_STUB_APP_STATUS:-READY}\" ;;",
                    "  'kinesisanalyticsv2 list-application-snapshots') echo \"${AWS_STUB_SNAPSHOTS:-0}\" ;;",
                    "esac",
                    "exit 0",
                    "");

    @TempDir Path dir;
    private Path log;
    private Path jar;
    private String codeKey;

    @BeforeEach
    void setUp() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path aws = bin.resolve("aws");
        Files.writeString(aws, STUB);
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
        log = dir.resolve("aws-calls.log");
        jar = dir.resolve("streamlake-job-deployable.jar");
        Files.write(
                jar, "not really a jar, but bytes with a digest".getBytes(StandardCharsets.UTF_8));
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar));
        codeKey = "jars/streamlake-job-" + HexFormat.of().formatHex(sha).substring(0, 16) + ".jar";
    }

    // --- deploy --------------------------------------------------------------------------------

    @Test
    void dryRunCallsNothingAndPrintsEveryCallInOrder() throws Exception {
        Run run =
                run(
                        Map.of(),
                        "deploy",
                        "--dry-run",
                        "--region",
                        REGION,
                        "--jar",
                        jar.toString(),
                        "--param",
                        "StreamMode=PROVISIONED");
        assertThat(run.exit).as(run.output).isZero();
        assertThat(recorded()).as("calls that reached aws").isEmpty();

        List<String> plan = run.awsLines();
        assertThat(commands(plan))
                .containsExactly(
                        "sts get-caller-identity",
                        "cloudformation deploy", // everything but the application's code
                        "cloudformation describe-stacks",
                        "s3 cp",
                        "cloudformation deploy", // the application, with the uploaded jar
                        "cloudformation describe-stacks",
                        "kinesisanalyticsv2 describe-application",
                        "kinesisanalyticsv2 list-application-snapshots",
                        "kinesisanalyticsv2 start-application");
        assertThat(plan).allMatch(l -> l.contains(" --region " + REGION + " "));
        assertThat(plan.get(1))
                .contains("--template-file " + DeployFiles.template())
                .contains("--capabilities CAPABILITY_IAM")
                .contains("--parameter-overrides StreamMode=PROVISIONED")
                .doesNotContain("ApplicationCodeKey");
        assertThat(plan.get(3))
                .isEqualTo(
                        "+ aws s3 cp "
                                + jar
                                + " s3://\\<ArtifactBucketName\\>/"
                                + codeKey
                                + " --region "
                                + REGION
                                + " --only-show-errors");
        assertThat(plan.get(4))
                .endsWith(
                        "--parameter-overrides StreamMode=PROVISIONED ApplicationCodeKey="
                                + codeKey);
        assertThat(plan.get(8)).contains("SKIP_RESTORE_FROM_SNAPSHOT");
        assertThat(run.output)
                .contains("create-application-presigned-url")
                .contains("--url-type FLINK_DASHBOARD_URL");
    }

    @Test
    void realRunMakesExactlyTheCallsTheDryRunPrints() throws Exception {
        Run dry = run(Map.of(), "deploy", "--dry-run", "--region", REGION, "--jar", jar.toString());
        Run real = run(Map.of(), "deploy", "--region", REGION, "--jar", jar.toString());
        assertThat(real.exit).as(real.output).isZero();

        assertThat(recorded()).isEqualTo(real.awsLines());
        assertThat(recorded())
                .isEqualTo(
                        dry.awsLines().stream()
                                .map(
                                        l ->
                                                l.replace(
                                                                "\\<ArtifactBucketName\\>",
                                                                "sl-artifacts-1")
                                                        .replace(
                                                                "\\<ApplicationName\\>",
                                                                "streamlake"))
                                .collect(Collectors.toList()));
        assertThat(real.output)
                .contains("Stream        : streamlake-readings")
                .contains("Lake          : s3://sl-lake-1/lake")
                .contains("--application-name streamlake --url-type FLINK_DASHBOARD_URL");
    }

    @Test
    void restartRestoresTheLatestSnapshotWhenThereIsOne() throws Exception {
        Run run =
                run(
                        Map.of("AWS_STUB_SNAPSHOTS", "3"),
                        "deploy",
                        "--region",
                        REGION,
                        "--jar",
                        jar.toString());
        assertThat(run.exit).as(run.output).isZero();
        List<String> calls = recorded();
        assertThat(calls.get(calls.size() - 1))
                .contains("start-application")
                .contains("RESTORE_FROM_LATEST_SNAPSHOT");
    }

    @Test
    void runningApplicationIsLeftToCloudFormationsInPlaceUpdate() throws Exception {
        Run run =
                run(
                        Map.of("AWS_STUB_APP_STATUS", "RUNNING"),
                        "deploy",
                        "--region",
                        REGION,
                        "--jar",
                        jar.toString());
        assertThat(run.exit).as(run.output).isZero();
        assertThat(commands(recorded()))
                .endsWith(
                        "cloudformation describe-stacks",
                        "kinesisanalyticsv2 describe-application");
        assertThat(run.output).contains("streamlake is RUNNING");
    }

    @Test
    void failedStackDeployStopsBeforeAnythingIsUploaded() throws Exception {
        Run run =
                run(
                        Map.of("AWS_STUB_FAIL", "cloudformation deploy"),
                        "deploy",
                        "--region",
                        REGION,
                        "--jar",
                        jar.toString());
        assertThat(run.exit).isNotZero();
        assertThat(commands(recorded()))
                .containsExactly("sts get-caller-identity", "cloudformation deploy");
    }

    @Test
    void deployRefusesToRunWithoutARegionOrWithACodeKeyOverride() throws Exception {
        Map<String, String> noRegion = Map.of();
        assertThat(run(noRegion, "deploy", "--dry-run", "--jar", jar.toString()).output)
                .contains("no region");
        Run override =
                run(noRegion, "deploy", "--region", REGION, "--param", "ApplicationCodeKey=x.jar");
        assertThat(override.exit).isEqualTo(2);
        assertThat(recorded()).isEmpty();
    }

    // --- teardown ------------------------------------------------------------------------------

    @Test
    void teardownDryRunCallsNothingAndKeepsTheLakeByDefault() throws Exception {
        Run run = run(Map.of(), "teardown", "--dry-run", "--region", REGION);
        assertThat(run.exit).as(run.output).isZero();
        assertThat(recorded()).isEmpty();
        assertThat(commands(run.awsLines()))
                .containsExactly(
                        "cloudformation describe-stacks",
                        "s3 rm",
                        "cloudformation delete-stack",
                        "cloudformation wait");
        assertThat(run.output).contains("Kept the lake bucket");
    }

    @Test
    void teardownWithDeleteLakeEmptiesJarsDeletesStackThenLake() throws Exception {
        Run run = run(Map.of(), "teardown", "--region", REGION, "--delete-lake", "--yes");
        assertThat(run.exit).as(run.output).isZero();
        assertThat(recorded()).isEqualTo(run.awsLines());
        assertThat(recorded())
                .containsExactly(
                        "+ aws cloudformation describe-stacks --region eu-west-1 --stack-name streamlake --query"
                                + " Stacks\\[0\\].Outputs\\[\\].\\[OutputKey\\,OutputValue\\] --output text",
                        "+ aws s3 rm s3://sl-artifacts-1 --recursive --region eu-west-1 --only-show-errors",
                        "+ aws cloudformation delete-stack --region eu-west-1 --stack-name streamlake",
                        "+ aws cloudformation wait stack-delete-complete --region eu-west-1 --stack-name streamlake",
                        "+ aws s3 rb s3://sl-lake-1 --force --region eu-west-1");
    }

    @Test
    void teardownWithoutConfirmationDeletesNothing() throws Exception {
        Run run = run(Map.of(), "teardown", "--region", REGION); // stdin is empty: no confirmation
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.output).contains("not confirmed");
        assertThat(commands(recorded())).containsExactly("cloudformation describe-stacks");
    }

    // ------------------------------------------------------------------------------------------

    private Run run(Map<String, String> env, String script, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(DeployFiles.kdaDeploy().resolve(script).toString());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("AWS_"));
        e.put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        e.put("AWS_STUB_LOG", log.toString());
        e.putAll(env);
        Process p =
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private List<String> recorded() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** "service subcommand" of each printed or recorded call. */
    private static List<String> commands(List<String> awsLines) {
        return awsLines.stream()
                .map(
                        l -> {
                            String[] w = l.split(" ");
                            return w[2] + " " + w[3];
                        })
                .collect(Collectors.toList());
    }

    private static final class Run {
        final int exit;
        final String output;

        Run(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }

        List<String> awsLines() {
            return output.lines().filter(l -> l.startsWith("+ aws ")).collect(Collectors.toList());
        }
    }
}
