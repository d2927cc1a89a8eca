package dev.streamlake.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** npm packages the tests run with node, installed into a cache folder of their own. */
final class Npm {
    private Npm() {}

    /**
     * {@code npm install packages} into {@code home}, its output in {@code home/npm-install.log};
     * gives up after 5 minutes.
     */
    static void install(Path home, List<String> packages) {
        Path log = home.resolve("npm-install.log");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "npm",
                                "install",
                                "--no-audit",
                                "--no-fund",
                                "--prefix",
                                home.toString()));
        command.addAll(packages);
        try {
            Files.createDirectories(home);
            Process p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "npm install " + String.join(" ", packages) + " failed; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + packages + " into " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
