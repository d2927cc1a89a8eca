package dev.streamlake.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the options' own text, so the two cannot drift apart. */
class ConfigurationDocsTest {

    @Test
    void readmeHasTheConfigurationTableOfEveryOption() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme)
                .as(
                        "README.md's configuration table; regenerate it with"
                                + " mvn -q -Pconfig-table -pl job -am -DskipTests package")
                .contains(
                        AllOptions.TABLE_START + AllOptions.markdownTable() + AllOptions.TABLE_END);
    }

    @Test
    void everyOptionHasADescription() {
        assertThat(AllOptions.list())
                .allSatisfy(o -> assertThat(o.description().getBlocks()).as(o.key()).isNotEmpty());
    }

    @Test
    void theLocalPropertiesFileIsAValidConfiguration() {
        JobConfig cfg =
                JobConfig.fromArgs(
                        new String[0], Path.of("..", "conf", "application-properties-local.json"));
        assertThat(cfg.streamName()).isEqualTo("sensor-readings");
        assertThat(cfg.endpoint()).hasValue("http://127.0.0.1:4568");
    }
}
