package dev.streamlake.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.streamlake.job.config.ConfigSources.Loaded;
import dev.streamlake.job.config.ConfigSources.PropertyGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every branch of {@link ConfigSources}: Managed Flink's property groups come from a fake source
 * and environment variables from a map, so no test reads {@code /etc/flink} or the real
 * environment.
 */
class ConfigSourcesTest {
    private static final String MF = "/fake/etc/flink/application_properties.json";

    @TempDir Path dir;
    private final Map<String, String> env = new HashMap<>();

    private static PropertyGroups managedFlink(Map<String, Properties> groups) {
        return new PropertyGroups() {
            @Override
            public String location() {
                return MF;
            }

            @Override
            public Optional<Map<String, Properties>> read() {
                return Optional.ofNullable(groups);
            }
        };
    }

    private static Map<String, Properties> groups(String stream) {
        Map<String, Properties> g = new LinkedHashMap<>();
        g.computeIfAbsent("source", k -> new Properties()).setProperty("stream", stream);
        g.get("source").setProperty("region", "eu-west-1");
        g.computeIfAbsent("lake", k -> new Properties()).setProperty("path", "s3://mf-bucket/lake");
        return g;
    }

    private Path file(String name, String stream) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(
                f,
                "[{\"PropertyGroupId\": \"source\", \"PropertyMap\": {\"stream\": \""
                        + stream
                        + "\","
                        + " \"region\": \"us-east-1\"}},"
                        + " {\"PropertyGroupId\": \"lake\", \"PropertyMap\": {\"path\": \"s3://b/lake\", \"gzip-level\": \"3\"}}]");
        return f;
    }

    private Loaded load(Map<String, Properties> mfGroups, Path localDefault, String... args) {
        return ConfigSources.of(managedFlink(mfGroups), env::get, localDefault).load(args);
    }

    @Test
    void managedFlinkPropertyGroupsAreTheBaseThere() {
        Loaded loaded = load(groups("mf-stream"), null);

        assertThat(loaded.managedFlink()).isTrue();
        assertThat(loaded.config().streamName()).isEqualTo("mf-stream");
        assertThat(loaded.sources())
                .isEqualTo(MF + " (Managed Flink property groups), program arguments (none)");
    }

    @Test
    void programArgumentsOverrideManagedFlinkPropertyGroupsToo() {
        // Managed Flink passes none; the precedence is the same as everywhere else all the same.
        Loaded loaded = load(groups("mf-stream"), null, "--lake.gzip-level", "2");

        assertThat(loaded.config().gzipLevel()).isEqualTo(2);
        assertThat(loaded.config().streamName()).isEqualTo("mf-stream");
    }

    @Test
    void configFileOrEnvironmentBesideManagedFlinkIsRefused() throws Exception {
        Path f = file("x.json", "s");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> load(groups("mf-stream"), null, "--config", f.toString()))
                .withMessage(
                        "--config "
                                + f
                                + ": not allowed on Managed Flink, whose property groups ("
                                + MF
                                + ") are the configuration file");
        env.put(ConfigSources.ENV_VAR, f.toString());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> load(groups("mf-stream"), null))
                .withMessageStartingWith(
                        "$STREAMLAKE_CONFIG=" + f + ": not allowed on Managed Flink");
    }

    @Test
    void configFileThenProgramArgumentsElsewhere() throws Exception {
        Path f = file("app.json", "file-stream");

        Loaded loaded = load(null, null, "--config", f.toString(), "--source.stream=arg-stream");

        assertThat(loaded.managedFlink()).isFalse();
        assertThat(loaded.config().streamName()).isEqualTo("arg-stream");
        assertThat(loaded.config().region()).isEqualTo("us-east-1");
        assertThat(loaded.config().gzipLevel()).isEqualTo(3);
        assertThat(loaded.sources())
                .isEqualTo(MF + " (absent), --config " + f + ", program arguments (source.stream)");
    }

    @Test
    void argumentsMayComeBeforeTheConfigFile() throws Exception {
        Path f = file("app.json", "file-stream");

        assertThat(
                        load(null, null, "--source.stream", "arg-stream", "--config=" + f)
                                .config()
                                .streamName())
                .isEqualTo("arg-stream");
    }

    @Test
    void aLoneDoubleDashIsSkipped() throws Exception {
        // standalone-job.sh start --job-classname ... -- --config FILE: the "--" can reach the job.
        Path f = file("app.json", "file-stream");

        assertThat(load(null, null, "--", "--config", f.toString()).config().streamName())
                .isEqualTo("file-stream");
    }

    @Test
    void environmentVariableNamesTheFileWithoutConfigArgument() throws Exception {
        env.put(ConfigSources.ENV_VAR, file("env.json", "env-stream").toString());

        Loaded loaded = load(null, null);

        assertThat(loaded.config().streamName()).isEqualTo("env-stream");
        assertThat(loaded.sources()).contains("$STREAMLAKE_CONFIG=" + dir.resolve("env.json"));
    }

    @Test
    void configArgumentWinsOverEnvironmentVariable() throws Exception {
        env.put(ConfigSources.ENV_VAR, file("env.json", "env-stream").toString());
        Path f = file("arg.json", "arg-stream");

        assertThat(load(null, null, "--config", f.toString()).config().streamName())
                .isEqualTo("arg-stream");
    }

    @Test
    void blankEnvironmentVariableIsUnset() {
        env.put(ConfigSources.ENV_VAR, " ");

        Loaded loaded =
                load(
                        null,
                        null,
                        "--source.stream",
                        "s",
                        "--source.region",
                        "us-east-1",
                        "--lake.path",
                        "s3://b/l");

        assertThat(loaded.config().streamName()).isEqualTo("s");
        assertThat(loaded.sources())
                .isEqualTo(
                        MF
                                + " (absent), no --config, no $STREAMLAKE_CONFIG,"
                                + " program arguments (source.stream, source.region, lake.path)");
    }

    @Test
    void localDefaultFileOnlyWhenNothingElseNamesOne() throws Exception {
        Path local = file("local.json", "local-stream");

        assertThat(load(null, local).config().streamName()).isEqualTo("local-stream");
        assertThat(load(null, local).sources()).contains(local + " (local default)");
        assertThat(
                        load(null, local, "--config", file("other.json", "other").toString())
                                .config()
                                .streamName())
                .isEqualTo("other");
        // A default that does not exist is no source (a cluster's working directory has none).
        assertThatIllegalArgumentException()
                .isThrownBy(() -> load(null, dir.resolve("missing.json")))
                .withMessage(
                        "source.stream: not set (required); looked at: "
                                + MF
                                + " (absent), no --config, no $STREAMLAKE_CONFIG, program arguments (none)");
    }

    @Test
    void missingKeyNamesEverySourceLookedAt() throws Exception {
        Path f = dir.resolve("x.json");
        Files.writeString(
                f, "[{\"PropertyGroupId\": \"lake\", \"PropertyMap\": {\"path\": \"s3://b/l\"}}]");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> load(null, null, "--config", f.toString()))
                .withMessage(
                        "source.stream: not set (required); looked at: "
                                + MF
                                + " (absent), --config "
                                + f
                                + ", program arguments (none)");
    }

    @Test
    void badValueNamesTheSourceItCameFrom() throws Exception {
        Path f = file("x.json", "s");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> load(null, null, "--config", f.toString(), "--lake.gzip-level", "0"))
                .withMessage("lake.gzip-level: expected 1 to 9, got 0; set in program arguments");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> load(null, null, "--config", f.toString(), "--source.strem", "x"))
                .withMessageStartingWith("source.strem: unknown key")
                .withMessageEndingWith("; set in program arguments");
        Map<String, Properties> mf = groups("s");
        mf.get("lake").setProperty("gzip-level", "10");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> load(mf, null))
                .withMessage("lake.gzip-level: expected 1 to 9, got 10; set in " + MF);
    }

    @Test
    void unreadableFileNamesTheSourceThatNamedIt() throws Exception {
        Path missing = dir.resolve("nope.json");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> load(null, null, "--config", missing.toString()))
                .withMessageStartingWith("--config " + missing + ": cannot read property groups");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{}");
        env.put(ConfigSources.ENV_VAR, broken.toString());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> load(null, null))
                .withMessage(
                        "$STREAMLAKE_CONFIG="
                                + broken
                                + ": expected a JSON array of property groups");
    }

    @Test
    void malformedArgumentsAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> load(null, null, "-source.stream", "x"))
                .withMessage(
                        "unexpected argument '-source.stream'; expected --config FILE or --group.name value");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> load(null, null, "--config"))
                .withMessage("config: no value given");
    }

    @Test
    void realSourceReadsNothingWhereThereIsNoManagedFlinkFile() {
        // The only test touching the real location; it reads, never writes. Skipped in effect on a
        // machine that is Managed Flink.
        PropertyGroups real = PropertyGroups.managedFlink();
        assertThat(real.location()).isEqualTo("/etc/flink/application_properties.json");
        if (!Files.exists(Path.of(real.location()))) assertThat(real.read()).isEmpty();
    }
}
