package dev.streamlake.job;

import dev.streamlake.job.config.ConfigSources;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import java.time.Duration;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the job checkpoints, since the lake's files are committed only at checkpoints: a job
 * without them would read Kinesis and never write a visible file.
 *
 * <ul>
 *   <li>The environment configures checkpointing ({@code execution.checkpointing.interval} in the
 *       cluster's or the local run's Flink configuration, or Managed Flink's application settings):
 *       kept as it is.
 *   <li>It does not, outside Managed Flink: the job enables EXACTLY_ONCE checkpoints every {@code
 *       lake.checkpoint-interval}.
 *   <li>It does not, on Managed Flink (the application's settings win there, and they say
 *       "disabled"): the job refuses to start and says how to enable them.
 * </ul>
 */
public final class Checkpointing {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointing.class);

    private Checkpointing() {}

    /** Applies the rules above; returns the line it logs, which says which rule applied. */
    public static String ensure(
            StreamExecutionEnvironment env, JobConfig cfg, boolean managedFlink) {
        CheckpointConfig checkpoints = env.getCheckpointConfig();
        if (checkpoints.isCheckpointingEnabled()) {
            String line =
                    "Checkpointing as the environment configures it: every "
                            + Duration.ofMillis(checkpoints.getCheckpointInterval())
                            + ", "
                            + checkpoints.getCheckpointingMode()
                            + (managedFlink
                                    ? " (Managed Flink application settings)"
                                    : " (execution.checkpointing.*)")
                            + "; "
                            + LakeOptions.CHECKPOINT_INTERVAL.key()
                            + " is not used";
            if (checkpoints.getCheckpointingMode() != CheckpointingMode.EXACTLY_ONCE) {
                line +=
                        ". WARNING: with AT_LEAST_ONCE a restore can write records to the lake twice";
                LOG.warn(line);
            } else {
                LOG.info(line);
            }
            return line;
        }
        if (managedFlink) {
            throw new IllegalStateException(
                    "checkpointing is disabled in this Managed Flink application ("
                            + ConfigSources.MANAGED_FLINK_FILE
                            + " is present), and the lake commits its"
                            + " files only at checkpoints (without them it would stay empty): enable it"
                            + " (console: Configuration > Checkpointing; API: CheckpointConfiguration with"
                            + " ConfigurationType DEFAULT, or CUSTOM with CheckpointingEnabled true) and"
                            + " start the application again");
        }
        env.enableCheckpointing(
                cfg.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        String line =
                "Checkpointing enabled by the job: every "
                        + cfg.checkpointInterval()
                        + " ("
                        + LakeOptions.CHECKPOINT_INTERVAL.key()
                        + "), EXACTLY_ONCE; the environment sets no"
                        + " execution.checkpointing.interval";
        LOG.info(line);
        return line;
    }
}
