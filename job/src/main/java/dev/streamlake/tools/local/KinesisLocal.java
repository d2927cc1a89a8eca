package dev.streamlake.tools.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Kinesis API emulator {@code kinesis-local} (npm), installed on first use and run with node,
 * listening on 127.0.0.1 only.
 *
 * <p>The package binds 0.0.0.0 out of the box; {@link #install()} writes a copy of its {@code
 * main.js} with that one literal changed to 127.0.0.1. Streams live in memory: every start is
 * empty. {@link #close()} stops the process it started, by PID.
 */
public final class KinesisLocal extends HttpPeer {
    public static final String PACKAGE = "kinesis-local@0.6.2";
    private static final String ANY_HOST = "\"0.0.0.0\"";
    private static final String LOOPBACK = "\"127.0.0.1\"";

    private KinesisLocal(LocalServer server) {
        super(server);
    }

    /** Where the package is installed: {@code $STREAMLAKE_CACHE} or {@code ~/.cache/streamlake}. */
    public static Path home() {
        String cache = System.getenv("STREAMLAKE_CACHE");
        Path root =
                cache != null && !cache.isBlank()
                        ? Path.of(cache)
                        : Path.of(System.getProperty("user.home"), ".cache", "streamlake");
        return root.resolve("kinesis-local");
    }

    /** Installs the package if needed and returns the loopback-only script to run. */
    public static synchronized Path install() {
        Path home = home();
        Path main = home.resolve("node_modules/kinesis-local/main.js");
        // Beside main.js: the emulator reads server.json from its working directory.
        Path loopback = main.resolveSibling("main-loopback.js");
        try {
            if (!Files.exists(main)) {
                Files.createDirectories(home);
                run(
                        home,
                        "npm",
                        "install",
                        "--no-audit",
                        "--no-fund",
                        "--prefix",
                        home.toString(),
                        PACKAGE);
            }
            if (!Files.exists(loopback)) {
                String js = Files.readString(main, StandardCharsets.UTF_8);
                int at = js.indexOf(ANY_HOST);
                if (at < 0 || js.indexOf(ANY_HOST, at + 1) >= 0) {
                    throw new IllegalStateException(
                            "expected exactly one "
                                    + ANY_HOST
                                    + " in "
                                    + main
                                    + "; cannot bind it to loopback");
                }
                Path tmp = main.resolveSibling("main-loopback.js.tmp");
                Files.writeString(tmp, js.replace(ANY_HOST, LOOPBACK), StandardCharsets.UTF_8);
                Files.move(
                        tmp,
                        loopback,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            return loopback;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + PACKAGE + " into " + home, e);
        }
    }

    /**
     * Starts the emulator on {@code 127.0.0.1:plainPort} (HTTP) and {@code tlsPort} (HTTPS) and
     * waits until it accepts connections. Its output goes to {@code log}.
     */
    public static KinesisLocal start(int plainPort, int tlsPort, Path log) {
        Path script = install();
        ProcessBuilder pb =
                new ProcessBuilder("node", script.toString())
                        .directory(script.getParent().toFile());
        pb.environment().put("KINESIS_MOCK_PLAIN_PORT", String.valueOf(plainPort));
        pb.environment().put("KINESIS_MOCK_TLS_PORT", String.valueOf(tlsPort));
        pb.environment().put("LOG_LEVEL", "WARN");
        pb.environment().put("SHOULD_PERSIST_DATA", "false");
        // Streams and consumers become ACTIVE quickly, as tests and demos want.
        for (String op :
                List.of(
                        "CREATE_STREAM",
                        "DELETE_STREAM",
                        "REGISTER_STREAM_CONSUMER",
                        "DEREGISTER_STREAM_CONSUMER",
                        "MERGE_SHARDS",
                        "SPLIT_SHARD",
                        "UPDATE_SHARD_COUNT")) {
            pb.environment().put(op + "_DURATION", "100ms");
        }
        return new KinesisLocal(
                LocalServer.start("kinesis-local", pb, plainPort, log, Duration.ofSeconds(60)));
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
