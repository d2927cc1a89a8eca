package dev.streamlake.tools.status;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamlake status}: the job at a glance in the terminal, from Flink's REST API (what the
 * web UI shows): job state and restarts, checkpoints, and the job's own metrics.
 *
 * <p>Exit code 0 when the job was found and printed, 1 when not (no running job, or nothing
 * listening), 2 for bad usage.
 */
@Command(
        name = "status",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description =
                "The running job's state, restarts, checkpoints and metrics from Flink's REST API."
                        + " Exit code 1 when no job runs there.")
public final class StatusCli implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Flink's REST API. Default: ${DEFAULT-VALUE}.")
    private URI url = URI.create("http://127.0.0.1:8081");

    @Option(
            names = "--job",
            paramLabel = "ID|NAME",
            description = "The job, when more than one runs there.")
    private String job;

    /** The command without {@code System.exit}: prints to {@code out} and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new CommandLine(new StatusCli())
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FlinkRest rest = new FlinkRest(url);
        try {
            out.print(JobStatus.read(rest, Optional.ofNullable(job)).render());
            out.flush();
            return 0;
        } catch (ConnectException e) {
            err.println(
                    "status: nothing listens at "
                            + rest.base()
                            + " (is the job running? see README command 1)");
            return 1;
        } catch (IOException e) {
            err.println(
                    "status: "
                            + rest.base()
                            + ": "
                            + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }
}
