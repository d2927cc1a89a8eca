package dev.streamlake.tools.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL (package {@code postgresql}) as the database of Iceberg's JDBC catalog, for
 * local runs and tests: its own data directory (made by {@code initdb} on first use, user {@value
 * #USER}, trusting connections, which only come from loopback), listening on 127.0.0.1 only, no
 * Unix socket outside the data directory. {@link #close()} stops the server by its PID.
 *
 * <p>PostgreSQL refuses to run as root: as root, the server and {@code initdb} run as the package's
 * {@code postgres} user ({@code setpriv}), and the data directory is theirs.
 */
public final class LocalPostgres extends LocalPeer {
    public static final String USER = "streamlake";

    /** The database the catalog's tables go to: the one initdb creates. */
    public static final String DATABASE = "postgres";

    private final Path dataDir;

    private LocalPostgres(LocalServer server, Path dataDir) {
        super(server);
        this.dataDir = dataDir;
    }

    /** Starts PostgreSQL on 127.0.0.1:{@code port} with its data in {@code dataDir}. */
    public static LocalPostgres start(int port, Path dataDir, Path log) {
        Path bin = binDir();
        try {
            Files.createDirectories(dataDir);
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) chownTree(dataDir, "postgres");
            if (!Files.isRegularFile(dataDir.resolve("PG_VERSION"))) {
                run(
                        asServerUser(
                                root,
                                List.of(
                                        bin.resolve("initdb").toString(),
                                        "-D",
                                        dataDir.toString(),
                                        "-U",
                                        USER,
                                        "--auth=trust",
                                        "-E",
                                        "UTF8",
                                        "--no-locale",
                                        "--no-sync")),
                        log);
            }
            ProcessBuilder postgres =
                    new ProcessBuilder(
                            asServerUser(
                                    root,
                                    List.of(
                                            bin.resolve("postgres").toString(),
                                            "-D",
                                            dataDir.toString(),
                                            "-p",
                                            String.valueOf(port),
                                            "-c",
                                            "listen_addresses=127.0.0.1",
                                            "-c",
                                            "unix_socket_directories=" + dataDir,
                                            "-c",
                                            "max_connections=50",
                                            "-c",
                                            "shared_buffers=16MB")));
            LocalPostgres started =
                    new LocalPostgres(
                            LocalServer.start(
                                    "PostgreSQL", postgres, port, log, Duration.ofSeconds(60)),
                            dataDir);
            started.awaitQueries(Duration.ofSeconds(60));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir, e);
        }
    }

    /**
     * Waits until a connection is accepted: PostgreSQL listens before it takes connections (a fresh
     * one answers "the database system is starting up", SQLState 57P03, for a while).
     */
    private void awaitQueries(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(jdbcUri(), USER, "")) {
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException(
                            "PostgreSQL on " + jdbcUri() + " took no connection in " + timeout, e);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted waiting for PostgreSQL", e);
            }
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}: lake.iceberg.jdbc-uri. */
    public String jdbcUri() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * SIGINT to the server's PID, PostgreSQL's "fast" shutdown (SIGTERM, "smart", would wait for
     * clients such as a catalog's connection pool), which also ends its backends; SIGTERM and then
     * SIGKILL if it has not exited within 20 s.
     */
    @Override
    public void close() {
        ProcessHandle.of(pid())
                .ifPresent(
                        p -> {
                            try {
                                Process kill =
                                        new ProcessBuilder("kill", "-INT", String.valueOf(pid()))
                                                .inheritIO()
                                                .start();
                                kill.waitFor(10, TimeUnit.SECONDS);
                                p.onExit().get(20, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                if (e instanceof InterruptedException)
                                    Thread.currentThread().interrupt();
                            }
                        });
        super.close();
    }

    /** {@code $STREAMLAKE_PG_BIN}, else the newest {@code /usr/lib/postgresql/<version>/bin}. */
    static Path binDir() {
        String configured = System.getenv("STREAMLAKE_PG_BIN");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        Path versions = Path.of("/usr/lib/postgresql");
        try (Stream<Path> dirs = Files.list(versions)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/postgres")))
                    .max(
                            Comparator.comparingInt(
                                    d ->
                                            Integer.parseInt(
                                                    d.getFileName()
                                                            .toString()
                                                            .replaceAll("\\D", "0"))))
                    .map(d -> d.resolve("bin"))
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "no PostgreSQL under "
                                                    + versions
                                                    + " (apt-get install postgresql; .ci/setup does), or set STREAMLAKE_PG_BIN"));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no PostgreSQL under "
                            + versions
                            + " (apt-get install postgresql; .ci/setup does), or set STREAMLAKE_PG_BIN",
                    e);
        }
    }

    private static List<String> asServerUser(boolean root, List<String> command) {
        if (!root) return command;
        List<String> c =
                new ArrayList<>(
                        List.of(
                                "setpriv",
                                "--reuid=postgres",
                                "--regid=postgres",
                                "--init-groups"));
        c.addAll(command);
        return c;
    }

    private static void chownTree(Path dir, String user) throws IOException {
        UserPrincipal owner =
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) Files.setOwner(p, owner);
        }
        // The server user must reach its data directory: every parent must be searchable.
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            var perms = Files.getPosixFilePermissions(p);
            if (perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "failed: " + String.join(" ", command) + "; see " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
