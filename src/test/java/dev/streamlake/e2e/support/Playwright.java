package dev.streamlake.e2e.support;

import dev.streamlake.tools.local.KinesisLocal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * npm {@code playwright-core} (the driver only: it never downloads a browser; the tests use
 * Debian's /usr/bin/chromium), installed on first use beside kinesis-local, as .ci/setup does.
 */
public final class Playwright {
    public static final String PACKAGE = "playwright-core@1.65.1";

    private Playwright() {}

    /** Installs the package if needed; returns the package folder, for node's {@code require}. */
    public static synchronized Path install() {
        Path home = KinesisLocal.home().resolveSibling("playwright");
        Path pkg = home.resolve("node_modules/playwright-core");
        if (Files.exists(pkg.resolve("package.json"))) return pkg;
        try {
            Files.createDirectories(home);
            Process p =
                    new ProcessBuilder(
                                    "npm",
                                    "install",
                                    "--no-audit",
                                    "--no-fund",
                                    "--prefix",
                                    home.toString(),
                                    PACKAGE)
                            .redirectErrorStream(true)
                            .redirectOutput(home.resolve("npm-install.log").toFile())
                            .start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "npm install "
                                + PACKAGE
                                + " failed; see "
                                + home.resolve("npm-install.log"));
            }
            return pkg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + PACKAGE + " into " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
