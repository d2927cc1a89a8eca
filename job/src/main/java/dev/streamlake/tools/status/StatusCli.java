package dev.streamlake.tools.status;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.Optional;

/**
 * {@code status}: the job at a glance in the terminal, from Flink's REST API (what the web UI
 * shows): job state and restarts, checkpoints, and the job's own metrics.
 *
 * <pre>
 * mvn -q -Pstatus -DskipTests -pl job -am package [-Dstatus.args="--url http://127.0.0.1:8081 --job NAME|ID"]
 * </pre>
 *
 * Exit code 0 when the job was found and printed, 1 when not (no running job, or nothing listening).
 */
public final class StatusCli {
    private StatusCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command without {@code System.exit}: prints to {@code out} and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        URI url = URI.create("http://127.0.0.1:8081");
        Optional<String> job = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url": url = URI.create(args[++i]); break;
                case "--job": job = Optional.of(args[++i]); break;
                default:
                    err.println("status: unknown argument " + args[i] + "; use --url URL [--job ID|NAME]");
                    return 2;
            }
        }
        FlinkRest rest = new FlinkRest(url);
        try {
            out.print(JobStatus.read(rest, job).render());
            return 0;
        } catch (java.net.ConnectException e) {
            err.println("status: nothing listens at " + rest.base() + " (is the job running? see README command 1)");
            return 1;
        } catch (IOException e) {
            err.println("status: " + rest.base() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }
}
