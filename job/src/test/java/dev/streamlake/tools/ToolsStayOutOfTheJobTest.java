package dev.streamlake.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The line between what runs on Flink ({@code dev.streamlake.job}) and the command-line tools
 * ({@code dev.streamlake.tools}): the deployable jar leaves the tools out, so a job class that
 * named a tool class would fail on Managed Flink with {@code NoClassDefFoundError}. Read from the
 * compiled classes' constant pools, where every class a class uses is named.
 */
class ToolsStayOutOfTheJobTest {

    @Test
    void noJobClassNamesAToolClass() throws IOException, URISyntaxException {
        Path classes =
                Path.of(
                        dev.streamlake.job.StreamingJob.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        Path job = classes.resolve("dev/streamlake/job");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(job)) {
            offenders =
                    files.filter(f -> f.toString().endsWith(".class"))
                            .filter(ToolsStayOutOfTheJobTest::namesATool)
                            .map(f -> classes.relativize(f).toString())
                            .collect(Collectors.toList());
        }
        assertThat(Files.isDirectory(job)).isTrue();
        assertThat(offenders).as("job classes that use dev.streamlake.tools").isEmpty();
    }

    private static boolean namesATool(Path classFile) {
        try {
            // Class names are modified UTF-8 in the constant pool; ASCII names read as ISO-8859-1.
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1)
                    .contains("dev/streamlake/tools/");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
