package dev.streamlake.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Rows of the README's reliability table, written by the fault tests as they run. */
public final class ReliabilityReport {
    private ReliabilityReport() {}

    public static Path file() {
        return JobProcess.projectRoot().resolve("target/e2e/reliability-report.md");
    }

    public static synchronized void row(
            String fault,
            long sent,
            long found,
            long dropped,
            long duplicates,
            long lost,
            String note) {
        try {
            Path file = file();
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(
                        file,
                        "| fault or input | records sent | rows found | dropped by config | duplicates | lost | notes |\n"
                                + "| --- | ---: | ---: | ---: | ---: | ---: | --- |\n",
                        StandardCharsets.UTF_8);
            }
            Files.writeString(
                    file,
                    String.format(
                            "| %s | %d | %d | %d | %d | %d | %s |%n",
                            fault, sent, found, dropped, duplicates, lost, note),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
