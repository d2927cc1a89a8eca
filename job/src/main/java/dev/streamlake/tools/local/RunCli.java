package dev.streamlake.tools.local;

import dev.streamlake.job.Checkpointing;
import dev.streamlake.job.StreamingJob;
import dev.streamlake.job.config.ConfigSources;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.sink.LakeFileSystems;
import dev.streamlake.tools.producer.Kinesis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamlake run}: the job alone on this machine, on a MiniCluster, against whatever stream
 * and lake its configuration names ({@code --config FILE}, {@code --KEY VALUE}; see {@link
 * JobConfigFlags}), with the Flink web UI if asked. Flink's own settings come from {@code
 * --flink-conf DIR} (default {@code conf/} when it has a flink-conf.yaml, else Flink's defaults,
 * with every server on 127.0.0.1). Credentials are the AWS default chain, except for a source
 * endpoint on a loopback address (an emulator such as kinesis-local), which gets the emulator's
 * dummy identity; nothing needs setting by hand.
 */
@Command(
        name = "run",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        description = "Run the job alone (a local Flink MiniCluster) against any stream and lake.")
public final class RunCli implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
            names = "--web-ui",
            description = "Serve the Flink web UI and REST API on 127.0.0.1 (port: --web-ui-port).")
    private boolean webUi;

    @Option(
            names = "--web-ui-port",
            paramLabel = "PORT",
            description =
                    "Port of the web UI. Default: the Flink configuration's rest.port (8081).")
    private Integer webUiPort;

    @Option(
            names = "--flink-conf",
            paramLabel = "DIR",
            description = "Folder with the flink-conf.yaml to use. Default: conf/ if it has one.")
    private Path flinkConf;

    @Override
    public Integer call() throws Exception {
        String[] jobArgs = JobConfigFlags.programArguments(spec.commandLine().getParseResult());
        ConfigSources.Loaded loaded = ConfigSources.forEnvironment(true).load(jobArgs);
        JobConfig cfg = loaded.config();
        if (cfg.endpoint().map(Kinesis::isLoopback).orElse(false)) {
            LocalRun.useEmulatorIdentity(); // the connector reads the default chain of this JVM
        }
        // flink-s3-fs-hadoop's AWS SDK v1 would print its end-of-support notice with a stack trace.
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
        Configuration flink = LakeFileSystems.withLakeSettings(flinkConfiguration(), cfg);
        if (webUiPort != null) flink.set(RestOptions.PORT, webUiPort);
        LakeFileSystems.initialize(flink, cfg);
        StreamExecutionEnvironment env =
                webUi
                        ? StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink)
                        : StreamExecutionEnvironment.createLocalEnvironment(flink);
        Checkpointing.ensure(env, cfg, false);
        spec.commandLine()
                .getErr()
                .printf(
                        "streamlake run: %s -> %s%s (configuration: %s)%n",
                        cfg.streamName(),
                        cfg.lakePath(),
                        webUi
                                ? ", web UI on http://"
                                        + flink.get(RestOptions.ADDRESS)
                                        + ":"
                                        + flink.get(RestOptions.PORT)
                                : "",
                        loaded.sources());
        spec.commandLine().getErr().flush();
        StreamingJob.run(env, cfg);
        return 0;
    }

    /** The Flink settings: --flink-conf, else conf/, else Flink's defaults bound to loopback. */
    private Configuration flinkConfiguration() {
        Path dir = flinkConf != null ? flinkConf : Path.of("conf");
        if (flinkConf != null && !Files.isRegularFile(dir.resolve("flink-conf.yaml"))) {
            throw new IllegalArgumentException(
                    "--flink-conf " + dir + ": no flink-conf.yaml there");
        }
        Configuration c =
                Files.isRegularFile(dir.resolve("flink-conf.yaml"))
                        ? GlobalConfiguration.loadConfiguration(dir.toAbsolutePath().toString())
                        : new Configuration();
        for (String key :
                new String[] {
                    "rest.address",
                    "rest.bind-address",
                    "jobmanager.bind-host",
                    "taskmanager.bind-host",
                    "taskmanager.host"
                }) {
            if (!c.containsKey(key)) c.setString(key, "127.0.0.1");
        }
        return c;
    }
}
