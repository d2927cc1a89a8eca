package dev.streamlake.tools.cli;

import dev.streamlake.tools.ddl.AthenaDdlCli;
import dev.streamlake.tools.local.JobConfigFlags;
import dev.streamlake.tools.local.LocalRun;
import dev.streamlake.tools.local.RunCli;
import dev.streamlake.tools.producer.ProducerCli;
import dev.streamlake.tools.query.QueryCli;
import dev.streamlake.tools.ship.ShipCommand;
import dev.streamlake.tools.status.StatusCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;

/**
 * {@code bin/streamlake}: one command line over every tool, one parser (picocli) for options, help,
 * errors and exit codes: 0 done, 1 failed (the message says why, e.g. {@code key: reason; set in
 * ...} for the job's configuration), 2 bad usage (with the command's usage).
 */
@Command(
        name = "streamlake",
        mixinStandardHelpOptions = true,
        versionProvider = Streamlake.Version.class,
        description =
                "A streaming data lake on Apache Flink: run it, feed it, query it, deploy it.",
        synopsisSubcommandLabel = "COMMAND",
        footer = {"", "Run 'streamlake COMMAND --help' for a command's options."})
public final class Streamlake implements Runnable {
    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    /** The commands that take the job's settings ({@link JobConfigFlags}). */
    private static final List<String> JOB_COMMANDS = List.of("local", "run");

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        // The job's ~60 settings cost start-up time (Flink's option classes): only where they are
        // used.
        if (args.length > 0 && JOB_COMMANDS.contains(args[0]))
            JobConfigFlags.addTo(cli.getSubcommands().get(args[0]));
        System.exit(cli.execute(args));
    }

    /**
     * The command line with every subcommand, the one place that registers them; {@code local} and
     * {@code run} still without the job's settings, which {@link JobConfigFlags#addTo} adds.
     */
    public static CommandLine commandLine() {
        CommandLine cli =
                new CommandLine(new Streamlake())
                        .addSubcommand(new LocalRun())
                        .addSubcommand(new RunCli())
                        .addSubcommand(new ProducerCli())
                        .addSubcommand(new ShipCommand())
                        .addSubcommand(new QueryCli())
                        .addSubcommand(new StatusCli())
                        .addSubcommand(new AthenaDdlCli())
                        .addSubcommand(KdaScript.command(new KdaScript.Deploy()))
                        .addSubcommand(KdaScript.command(new KdaScript.Teardown()));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Streamlake::badUsage);
        cli.setExecutionExceptionHandler(failed());
        return cli;
    }

    /**
     * Bad usage: what was wrong, a suggestion for a misspelt option, where the help is; exit code
     * 2.
     */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        PrintWriter err = command.getErr();
        err.println(name + ": " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Usage: " + command.getHelp().synopsis(0).strip());
        err.println(
                "'"
                        + name
                        + " --help' shows "
                        + (command.getCommandSpec().subcommands().isEmpty()
                                ? "its options."
                                : "the commands."));
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** No subcommand: the usage, as bad usage. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /**
     * What the user did wrong or what the world refused (bad configuration, a missing file, a
     * server that is not there): one line, exit code 1. Anything else is a bug: its stack trace.
     */
    private static IExecutionExceptionHandler failed() {
        return (e, command, parsed) -> {
            if (e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException
                    || e instanceof IOException
                    || e instanceof UncheckedIOException) {
                command.getErr()
                        .println("streamlake " + command.getCommandName() + ": " + message(e));
                command.getErr().flush();
                return 1;
            }
            throw e;
        };
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file: " + m;
        return m == null ? e.toString() : m;
    }

    /** The version of the jar's manifest (Maven's project version). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Streamlake.class.getPackage().getImplementationVersion();
            return new String[] {"streamlake " + (v == null ? "(development build)" : v)};
        }
    }
}
