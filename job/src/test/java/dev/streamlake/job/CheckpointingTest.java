package dev.streamlake.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.JobSettings;
import dev.streamlake.job.config.LakeOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The three rules of {@link Checkpointing}, on environments configured as a cluster would be. */
class CheckpointingTest {
    private static final JobConfig CFG =
            JobSettings.config(LakeOptions.CHECKPOINT_INTERVAL.key(), "7 s");

    private static StreamExecutionEnvironment env(String... keyValues) {
        Configuration conf = new Configuration();
        for (int i = 0; i < keyValues.length; i += 2)
            conf.setString(keyValues[i], keyValues[i + 1]);
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    @Test
    void enablesExactlyOnceFromLakeCheckpointIntervalWhenTheEnvironmentHasNone() {
        StreamExecutionEnvironment env = env();

        String line = Checkpointing.ensure(env, CFG, false);

        assertThat(env.getCheckpointInterval()).isEqualTo(7_000);
        assertThat(env.getCheckpointConfig().getCheckpointingMode())
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(line)
                .startsWith(
                        "Checkpointing enabled by the job: every PT7S (lake.checkpoint-interval)");
    }

    @Test
    void keepsWhatTheEnvironmentConfigures() {
        StreamExecutionEnvironment env = env("execution.checkpointing.interval", "30 s");

        String line = Checkpointing.ensure(env, CFG, false);

        assertThat(env.getCheckpointInterval()).isEqualTo(30_000);
        assertThat(line)
                .isEqualTo(
                        "Checkpointing as the environment configures it: every PT30S, EXACTLY_ONCE"
                                + " (execution.checkpointing.*); lake.checkpoint-interval is not used");
    }

    @Test
    void keepsManagedFlinksSettings() {
        StreamExecutionEnvironment env = env("execution.checkpointing.interval", "60 s");

        assertThat(Checkpointing.ensure(env, CFG, true))
                .contains("(Managed Flink application settings)");
        assertThat(env.getCheckpointInterval()).isEqualTo(60_000);
    }

    @Test
    void warnsOfAtLeastOnceButKeepsIt() {
        StreamExecutionEnvironment env =
                env(
                        "execution.checkpointing.interval",
                        "5 s",
                        "execution.checkpointing.mode",
                        "AT_LEAST_ONCE");

        assertThat(Checkpointing.ensure(env, CFG, false))
                .contains("AT_LEAST_ONCE")
                .endsWith(
                        "WARNING: with AT_LEAST_ONCE a restore can write records to the lake twice");
        assertThat(env.getCheckpointConfig().getCheckpointingMode())
                .isEqualTo(CheckpointingMode.AT_LEAST_ONCE);
    }

    @Test
    void refusesManagedFlinkWithCheckpointingDisabled() {
        StreamExecutionEnvironment env = env();

        assertThatIllegalStateException()
                .isThrownBy(() -> Checkpointing.ensure(env, CFG, true))
                .withMessageStartingWith(
                        "checkpointing is disabled in this Managed Flink application"
                                + " (/etc/flink/application_properties.json is present), and the lake commits its files only at checkpoints")
                .withMessageContaining("CheckpointingEnabled true");
        assertThat(env.getCheckpointConfig().isCheckpointingEnabled()).isFalse();
    }
}
