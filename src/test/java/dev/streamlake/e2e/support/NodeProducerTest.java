package dev.streamlake.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NodeProducerTest {
    @Test
    void ciSetupInstallsTheVersionsTheTestsPin() throws Exception {
        String setup = Files.readString(JobProcess.projectRoot().resolve(".ci/setup"));
        String line =
                setup.lines()
                        .filter(l -> l.startsWith("producer_packages="))
                        .findFirst()
                        .orElseThrow();
        assertThat(Arrays.asList(line.replaceAll("^producer_packages=\"|\"$", "").split(" ")))
                .isEqualTo(NodeProducer.PACKAGES);
    }
}
