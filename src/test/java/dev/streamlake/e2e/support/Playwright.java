package dev.streamlake.e2e.support;

import dev.streamlake.tools.local.KinesisLocal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        if (!Files.exists(pkg.resolve("package.json"))) Npm.install(home, List.of(PACKAGE));
        return pkg;
    }
}
