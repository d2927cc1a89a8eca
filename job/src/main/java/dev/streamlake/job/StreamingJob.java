package dev.streamlake.job;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.job.sink.LakeFileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployable job's entry point (the jar's main class).
 *
 * <p>On Managed Flink the configuration comes from the application's property groups, and the
 * service owns checkpointing and parallelism. Run anywhere else, it reads the same keys from
 * {@code --config <file>} (default {@code conf/application-properties-local.json}) plus
 * {@code --key value} overrides, takes Flink settings from {@code $FLINK_CONF_DIR} if set, and
 * enables checkpointing itself.
 */
public final class StreamingJob {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingJob.class);
    public static final Path LOCAL_PROPERTIES = Path.of("conf/application-properties-local.json");

    private StreamingJob() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        boolean local = env instanceof LocalStreamEnvironment;
        JobConfig cfg = local
                ? JobConfig.fromArgs(args, Files.exists(LOCAL_PROPERTIES) ? LOCAL_PROPERTIES : null)
                : JobConfig.fromPropertyGroups(KinesisAnalyticsRuntime.getApplicationProperties());
        if (local) {
            // Our own Flink: the lake's S3 settings (lake.s3.*) go to its file systems.
            Configuration flink = LakeFileSystems.withLakeSettings(localFlinkConfiguration(), cfg);
            LakeFileSystems.initialize(flink, cfg);
            env = StreamExecutionEnvironment.createLocalEnvironment(flink);
            enableCheckpointing(env, cfg);
        }
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

    /** Exactly-once checkpoints at the configured interval: they are what commits lake files. */
    public static void enableCheckpointing(StreamExecutionEnvironment env, JobConfig cfg) {
        env.enableCheckpointing(cfg.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    }
}
