package dev.streamlake.tools.ship;

import dev.streamlake.tools.producer.Kinesis;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code streamlake ship}: tails log files into Kinesis as the Kinesis Agent does, configured by
 * the agent's own {@code agent.json} (see {@code docs/KINESIS_AGENT.md}). Keys it ignores or cannot
 * honour are printed at start; {@code --strict} makes them fatal. Runs until SIGTERM or Ctrl-C,
 * then sends what is buffered, checkpoints, and prints the summary.
 */
@Command(
        name = "ship",
        mixinStandardHelpOptions = true,
        description =
                "Ship log files to Kinesis data streams, configured by a Kinesis Agent agent.json.")
public final class ShipCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            defaultValue = "/etc/aws-kinesis/agent.json",
            description = "The agent's configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(
            names = "--checkpoint-file",
            description = "Where offsets are kept (default: agent.json's checkpointFile).")
    Path checkpointFile;

    @Option(
            names = "--region",
            description =
                    "AWS region when agent.json has no kinesis.region " + "(default: us-east-1).")
    String region;

    @Option(
            names = "--progress-interval",
            defaultValue = "10000",
            description =
                    "Milliseconds between progress lines on stderr (default: ${DEFAULT-VALUE}).")
    long progressMillis;

    @Option(
            names = "--strict",
            description =
                    "Refuse to start when agent.json has keys or flows the shipper "
                            + "does not honour.")
    boolean strict;

    @Override
    public Integer call() throws Exception {
        try {
            return ship();
        } catch (
                IllegalArgumentException badConfig) { // names the key and the file it was read from
            System.err.println("ship: " + badConfig.getMessage());
            return 2;
        }
    }

    private int ship() throws Exception {
        AgentConfig agent = AgentConfig.read(config, Clock.systemUTC());
        agent.notes.forEach(n -> System.err.println("ship: agent.json " + n));
        if (strict && !agent.notes.isEmpty()) {
            System.err.println(
                    "ship: --strict: "
                            + agent.notes.size()
                            + " keys or flows above are not honoured");
            return 2;
        }
        if (agent.flows.isEmpty()) {
            System.err.println("ship: " + config + " has no kinesisStream flows");
            return 2;
        }
        String endpoint = agent.endpoint;
        if (endpoint != null && !endpoint.contains("://"))
            endpoint = "https://" + endpoint; // the agent takes bare hosts
        Path checkpoints = checkpointFile != null ? checkpointFile : agent.checkpointFile;
        String key = checkpointFile != null ? "--checkpoint-file" : "checkpointFile";
        String awsRegion =
                agent.region != null ? agent.region : region != null ? region : "us-east-1";
        try (KinesisClient kinesis = Kinesis.client(awsRegion, endpoint)) {
            Shipper shipper = new Shipper(agent, Checkpoints.open(checkpoints, key), kinesis);
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook =
                    new Thread(
                            () -> {
                                try {
                                    shipper.close();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                System.err.println(shipper.stats().summary());
                                stopped.countDown();
                            },
                            "ship-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.err.println(
                    "ship: " + agent.flows.size() + " flows, checkpoints in " + checkpoints);
            shipper.start();
            shipper.reportUntilDone(System.err, progressMillis);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                stopped.await(); // SIGTERM or Ctrl-C: the hook sends, checkpoints and prints the
                // summary
                return 0;
            }
            hook.run(); // every flow ended by itself (an error, logged): stop as a shutdown would
            stopped.await();
            return 1;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ShipCommand()).execute(args));
    }
}
