package dev.streamlake.tools.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code deploy} and {@code teardown}: the scripts of {@code kda-deploy/} (Managed Flink with
 * CloudFormation), run with the arguments as they are; their own {@code --help} says which. The
 * scripts are found under {@code $STREAMLAKE_HOME} (set by {@code bin/streamlake}), else the
 * current directory.
 */
abstract class KdaScript implements Callable<Integer> {
    @Parameters(
            paramLabel = "ARG",
            description = "Passed to the script as they are (see its --help).")
    private List<String> args = new ArrayList<>();

    abstract String script();

    /** The command for {@code streamlake}: every argument, options included, goes to the script. */
    static CommandLine command(KdaScript script) {
        CommandLine command = new CommandLine(script);
        command.setUnmatchedOptionsArePositionalParams(true);
        return command;
    }

    @Override
    public Integer call() throws Exception {
        String home = System.getenv("STREAMLAKE_HOME");
        Path script = Path.of(home == null || home.isBlank() ? "." : home, "kda-deploy", script());
        if (!Files.isRegularFile(script)) throw new IllegalStateException(script + ": not found");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(args);
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    @Command(
            name = "deploy",
            description = "Deploy to Amazon Managed Service for Apache Flink (kda-deploy/deploy).")
    static final class Deploy extends KdaScript {
        @Override
        String script() {
            return "deploy";
        }
    }

    @Command(name = "teardown", description = "Delete what deploy made (kda-deploy/teardown).")
    static final class Teardown extends KdaScript {
        @Override
        String script() {
            return "teardown";
        }
    }
}
