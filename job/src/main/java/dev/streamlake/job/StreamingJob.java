package dev.streamlake.job;

import dev.streamlake.job.config.ConfigSources;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.job.sink.LakeFileSystems;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployable job's entry point (the jar's main class), the same on Managed Flink, a session
 * cluster, application mode and a local run.
 *
 * <p>Configuration: {@link ConfigSources} (Managed Flink's property groups when present, else
 * {@code --config FILE} or {@code $STREAMLAKE_CONFIG}, then {@code --group.name value}).
 * Checkpointing: {@link Checkpointing} (the environment's if it has any, else the job's own, never
 * none). Run outside a cluster (a {@link LocalStreamEnvironment}), it builds its own MiniCluster
 * from {@code $FLINK_CONF_DIR} if set, with the lake's S3 settings.
 */
public final class StreamingJob {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingJob.class);

    private StreamingJob() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        boolean local = env instanceof LocalStreamEnvironment;
        ConfigSources.Loaded loaded = ConfigSources.forEnvironment(local).load(args);
        JobConfig cfg = loaded.config();
        LOG.info("Configuration read from: {}", loaded.sources());
        if (local) {
            // Our own Flink: the lake's S3 settings (lake.s3.*) go to its file systems.
            Configuration flink = LakeFileSystems.withLakeSettings(localFlinkConfiguration(), cfg);
            LakeFileSystems.initialize(flink, cfg);
            env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        }
        Checkpointing.ensure(env, cfg, loaded.managedFlink());
        run(env, cfg);
    }

    /** Wires the job with production I/O and runs it until cancelled. */
    public static void run(StreamExecutionEnvironment env, JobConfig cfg) throws Exception {
        LOG.info("Starting streamlake with {}", cfg.toMap());
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(cfg.toMap()));
        LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
        env.execute("streamlake: " + cfg.streamName() + " -> " + cfg.lakePath());
    }

    /**
     * Flink settings of a local run: {@code $FLINK_CONF_DIR/flink-conf.yaml} when that variable is
     * set (as the flink CLI reads it; e.g. bind addresses, state directories), else Flink's
     * defaults. Managed Flink and clusters never get here: their environment has its settings.
     */
    static Configuration localFlinkConfiguration() {
        String dir = System.getenv("FLINK_CONF_DIR");
        return dir == null || dir.isBlank()
                ? new Configuration()
                : GlobalConfiguration.loadConfiguration(dir);
    }
}
