package dev.streamlake.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.AllOptions;
import dev.streamlake.job.config.JobConfig;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink Kubernetes operator manifest documented in {@code kda-deploy/kubernetes/} is not run
 * here (no Kubernetes), so everything it passes is checked against what reads it: its job
 * configuration against the job's own options and validation, its Flink keys against Flink 1.19's
 * options, its S3 plugin against the flink-s3-fs-hadoop version the build uses.
 */
class FlinkDeploymentManifestTest {
    /** Flink's option classes that hold the keys such a manifest sets. */
    private static final List<Class<?>> FLINK_OPTIONS =
            List.of(
                    TaskManagerOptions.class,
                    JobManagerOptions.class,
                    CheckpointingOptions.class,
                    ExecutionCheckpointingOptions.class,
                    StateBackendOptions.class,
                    CoreOptions.class,
                    PipelineOptions.class);

    private final FlinkDeploymentManifest manifest = FlinkDeploymentManifest.load();

    @Test
    void runsFlink119InApplicationModeFromTheDeployableJar() {
        assertThat(manifest.spec()).containsEntry("flinkVersion", "v1_19");
        assertThat(String.valueOf(manifest.job().get("jarURI")))
                .startsWith("local:///opt/flink/usrlib/")
                .endsWith("/" + DeployFiles.deployableJar().getFileName());
        assertThat(manifest.job()).containsEntry("upgradeMode", "savepoint");
    }

    @Test
    void flinkKeysAreFlinkOptionsAndCheckpointToS3() {
        Set<String> known = flinkKeys();
        Map<String, String> conf = manifest.flinkConfiguration();

        assertThat(new TreeSet<>(conf.keySet()))
                .allSatisfy(k -> assertThat(known).as("Flink option " + k).contains(k));
        assertThat(conf)
                .containsEntry("execution.checkpointing.mode", "EXACTLY_ONCE")
                .containsKey("execution.checkpointing.interval");
        assertThat(conf.get("state.checkpoints.dir")).startsWith("s3://");
        assertThat(conf.get("state.savepoints.dir")).startsWith("s3://");
    }

    @Test
    void jobConfigurationFileIsTheMountedConfigMapAndValid(@TempDir Path dir) throws Exception {
        List<String> args = manifest.jobArgs();
        assertThat(args).hasSize(2).first().isEqualTo("--config");
        Path mounted = Path.of(args.get(1));

        // The argument names a file of the ConfigMap where the pod template mounts it.
        assertThat(manifest.podVolumes())
                .anySatisfy(
                        v -> {
                            assertThat(v).containsEntry("name", "streamlake-config");
                            assertThat(FlinkDeploymentManifest.map(v, "configMap"))
                                    .containsEntry("name", manifest.configMapName());
                        });
        assertThat(manifest.mainContainer().get("volumeMounts").toString())
                .contains("mountPath=" + mounted.getParent(), "name=streamlake-config");
        Object content = manifest.configMapData().get(mounted.getFileName().toString());
        assertThat(content).as("ConfigMap file " + mounted.getFileName()).isNotNull();

        Path file =
                Files.writeString(dir.resolve("application-properties.json"), content.toString());
        Set<String> keys = JobConfig.flatten(JobConfig.readPropertyGroups(file)).keySet();
        Set<String> options =
                AllOptions.list().stream().map(ConfigOption::key).collect(Collectors.toSet());
        assertThat(keys)
                .isNotEmpty()
                .allSatisfy(k -> assertThat(options).as("job option " + k).contains(k));
        JobConfig cfg = JobConfig.fromArgs(new String[] {"--config", file.toString()}, null);
        assertThat(cfg.lakePath()).startsWith("s3://");
    }

    @Test
    void enablesTheS3PluginOfTheFlinkVersionInUse() {
        assertThat(manifest.mainContainer().get("env").toString())
                .contains("name=ENABLE_BUILT_IN_PLUGINS, value=" + s3PluginJarInUse());
    }

    /** flink-s3-fs-hadoop's jar name on the test classpath, which has the build's version. */
    private static String s3PluginJarInUse() {
        String cp =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : cp.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("flink-s3-fs-hadoop-") && name.endsWith(".jar")) return name;
        }
        throw new IllegalStateException("flink-s3-fs-hadoop is not on the test classpath");
    }

    private static Set<String> flinkKeys() {
        Set<String> keys = new TreeSet<>();
        for (Class<?> holder : FLINK_OPTIONS) {
            for (Field f : holder.getFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || f.getType() != ConfigOption.class)
                    continue;
                try {
                    ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                    keys.add(o.key());
                    for (FallbackKey k : o.fallbackKeys()) keys.add(k.getKey());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }
}
