package dev.streamlake.e2e.support;

import dev.streamlake.tools.local.FreePorts;
import dev.streamlake.tools.local.KinesisLocal;
import dev.streamlake.tools.local.LocalPeer;
import dev.streamlake.tools.local.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Trino 476 (the engine Athena v3 derives from) as a single-node server on 127.0.0.1, with one Hive
 * catalog {@code hive} over a local folder: file metastore, partition projection on. Run with the
 * Temurin 25 JDK ({@code $TRINO_JAVA_HOME}, else /usr/lib/jvm/temurin-25-jdk-amd64); the server
 * tarball comes from Maven ({@code -Dtrino.tarball}, set by the e2e pom) and is unpacked once into
 * {@code ~/.cache/streamlake/trino-server-476-hive-iceberg} (Hive and Iceberg plugins only). {@link
 * #close()} stops the process it started, by PID.
 */
public final class TrinoServer extends LocalPeer {
    public static final String VERSION = "476";

    /** The connectors the tests use; the other plugins are deleted after unpacking. */
    static final Set<String> KEPT_PLUGINS = Set.of("hive", "iceberg");

    /** Trino's graceful shutdown takes longer than the emulators'. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private TrinoServer(LocalServer server) {
        super(server);
    }

    /**
     * Starts Trino on a free loopback port; its Hive catalog's {@code local:///x} is {@code
     * root/x}, its metastore {@code root/metastore}. Returns once {@code SELECT 1} works.
     */
    public static TrinoServer start(Path root, Path work) {
        return start(root, work, Map.of());
    }

    /**
     * As {@link #start(Path, Path)}, with more catalogs: name to the lines of its properties file
     * (e.g. {@link #icebergJdbcCatalog}).
     */
    public static TrinoServer start(Path root, Path work, Map<String, List<String>> moreCatalogs) {
        Path home = install();
        int port = FreePorts.loopback();
        try {
            Path etc = Files.createDirectories(work.resolve("trino-etc"));
            Path catalogs = Files.createDirectories(etc.resolve("catalog"));
            Files.createDirectories(root.resolve("metastore"));
            Files.writeString(
                    etc.resolve("config.properties"),
                    String.join(
                            "\n",
                            "coordinator=true",
                            "node-scheduler.include-coordinator=true",
                            "http-server.http.port=" + port,
                            "discovery.uri=http://127.0.0.1:" + port,
                            "query.max-memory=512MB",
                            "query.max-memory-per-node=512MB",
                            "memory.heap-headroom-per-node=256MB",
                            "task.concurrency=2",
                            "http-server.log.enabled=false",
                            // A single node is its own worker: on a loaded machine a missed
                            // heartbeat
                            // made it drop itself ("No nodes available to run query" mid-test),
                            // which
                            // is why Trino's own test servers turn the failure detector off too.
                            "failure-detector.enabled=false",
                            ""));
            Files.writeString(etc.resolve("log.properties"), "io.trino=WARN\n");
            Files.writeString(
                    catalogs.resolve("hive.properties"),
                    String.join(
                            "\n",
                            "connector.name=hive",
                            "hive.metastore=file",
                            "hive.metastore.catalog.dir=local:///metastore",
                            "fs.native-local.enabled=true",
                            "local.location=" + root.toAbsolutePath(),
                            "hive.partition-projection-enabled=true",
                            "hive.non-managed-table-writes-enabled=true",
                            "hive.allow-register-partition-procedure=true",
                            // Athena reads a projected hour without objects as empty; Trino fails
                            // unless told.
                            "hive.ignore-absent-partitions=true",
                            ""));
            for (Map.Entry<String, List<String>> c : moreCatalogs.entrySet()) {
                Files.writeString(
                        catalogs.resolve(c.getKey() + ".properties"),
                        String.join("\n", c.getValue()) + "\n");
            }
            List<String> cmd =
                    new ArrayList<>(
                            List.of(
                                    java().toString(),
                                    "-Xmx1G",
                                    "-XX:+UseG1GC",
                                    "-XX:+ExitOnOutOfMemoryError",
                                    "-Djdk.attach.allowAttachSelf=true",
                                    "--enable-native-access=ALL-UNNAMED",
                                    "-Duser.timezone=UTC",
                                    "-Dnode.environment=test",
                                    "-Dnode.id=streamlake-test",
                                    "-Dnode.bind-ip=127.0.0.1",
                                    "-Dnode.internal-address=127.0.0.1",
                                    "-Dnode.data-dir="
                                            + Files.createDirectories(work.resolve("trino-data")),
                                    "-Dconfig=" + etc.resolve("config.properties"),
                                    "-Dlog.levels-file=" + etc.resolve("log.properties"),
                                    "-Dcatalog.config-dir=" + catalogs,
                                    "-Dplugin.dir=" + home.resolve("plugin"),
                                    "-cp",
                                    home.resolve("lib") + "/*",
                                    "io.trino.server.TrinoServer"));
            Path log = work.resolve("trino.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
            TrinoServer server =
                    new TrinoServer(
                            LocalServer.start(
                                    "Trino", pb, port, log, Duration.ofMinutes(3), STOP_GRACE));
            try {
                server.awaitReady(Duration.ofMinutes(3), log);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Trino", e);
        }
    }

    /** A JDBC connection to {@code hive.<schema>}, session time zone UTC (as Athena's). */
    public Connection connect(String schema) throws SQLException {
        return connect("hive", schema);
    }

    /** A JDBC connection to {@code <catalog>.<schema>}, session time zone UTC. */
    public Connection connect(String catalog, String schema) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "streamlake");
        p.setProperty("timezone", "UTC");
        return DriverManager.getConnection(
                "jdbc:trino://127.0.0.1:" + port() + "/" + catalog + "/" + schema, p);
    }

    /**
     * Trino's Iceberg connector over Iceberg's JDBC catalog {@code catalogName} in PostgreSQL at
     * {@code jdbcUri} (the driver ships with the connector); files through Trino's local file
     * system, rooted at {@code /}, so the tables' {@code file:///...} locations resolve as they
     * are.
     */
    public static List<String> icebergJdbcCatalog(String jdbcUri, String user, String catalogName) {
        return List.of(
                "connector.name=iceberg",
                "iceberg.catalog.type=jdbc",
                "iceberg.jdbc-catalog.driver-class=org.postgresql.Driver",
                "iceberg.jdbc-catalog.connection-url=" + jdbcUri,
                "iceberg.jdbc-catalog.connection-user=" + user,
                "iceberg.jdbc-catalog.catalog-name=" + catalogName,
                "iceberg.jdbc-catalog.default-warehouse-dir=local:///tmp",
                "fs.native-local.enabled=true",
                "local.location=/");
    }

    /**
     * Retries {@code sql} until it runs: for a moment after start-up, queries that scan a catalog's
     * data fail with "No nodes available" while {@code SELECT 1} already works.
     */
    public void awaitQueryable(String schema, String sql, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Connection c = connect(schema);
                    Statement s = c.createStatement()) {
                s.executeQuery(sql).close();
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline
                        || !String.valueOf(e.getMessage()).contains("No nodes available")) throw e;
                sleep(500);
            }
        }
    }

    // ---------------------------------------------------------------------------------------

    /** Polls {@code SELECT 1}: Trino answers "No nodes available" for a moment after it starts. */
    private void awaitReady(Duration timeout, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!isAlive()) throw new IllegalStateException("Trino exited; see " + log);
            try (Connection c = connect("default");
                    Statement s = c.createStatement()) {
                s.executeQuery("SELECT 1").close();
                return;
            } catch (SQLException notYet) {
                last = notYet;
                sleep(500);
            }
        }
        throw new IllegalStateException(
                "Trino not ready within " + timeout + " (" + last + "); see " + log);
    }

    /** The Temurin 25 JDK the machine image ships beside Java 17 (Trino 476 needs Java 24+). */
    static Path java() {
        String configured = System.getenv("TRINO_JAVA_HOME");
        Path home =
                Path.of(
                        configured != null && !configured.isBlank()
                                ? configured
                                : "/usr/lib/jvm/temurin-25-jdk-amd64");
        Path java = home.resolve("bin/java");
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException(
                    "no Java 24+ for Trino at " + home + "; set TRINO_JAVA_HOME");
        }
        return java;
    }

    /**
     * Unpacks the server once (lib/ and the Hive and Iceberg plugins only) into the streamlake
     * cache.
     */
    static synchronized Path install() {
        Path root = KinesisLocal.home().getParent(); // the streamlake cache, as for node's packages
        // Named by its plugins: a cache holding other plugins is left alone (another run may use
        // it).
        Path home =
                root.resolve(
                        "trino-server-"
                                + VERSION
                                + "-"
                                + String.join("-", new java.util.TreeSet<>(KEPT_PLUGINS)));
        if (Files.isRegularFile(home.resolve(".complete"))) return home;
        String configured = System.getProperty("trino.tarball");
        Path tarball =
                configured != null && !configured.isBlank() && !configured.startsWith("${")
                        ? Path.of(configured)
                        : Path.of(
                                System.getProperty("user.home"),
                                ".m2/repository/io/trino/trino-server",
                                VERSION,
                                "trino-server-" + VERSION + ".tar.gz");
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException(
                    "no Trino tarball at "
                            + tarball
                            + " (the e2e pom's io.trino:trino-server"
                            + " dependency fetches it)");
        }
        try {
            Path tmp =
                    Files.createDirectories(root)
                            .resolve("trino-unpack-" + ProcessHandle.current().pid());
            deleteTree(tmp);
            Files.createDirectories(tmp);
            // The tarball hard-links jars shared between plugins, so it is unpacked whole, then
            // pruned.
            Process tar =
                    new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", tmp.toString())
                            .inheritIO()
                            .start();
            if (!tar.waitFor(10, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IllegalStateException("cannot unpack " + tarball);
            }
            Path unpacked = tmp.resolve("trino-server-" + VERSION);
            try (Stream<Path> plugins = Files.list(unpacked.resolve("plugin"))) {
                for (Path p : (Iterable<Path>) plugins::iterator) {
                    if (!KEPT_PLUGINS.contains(p.getFileName().toString())) deleteTree(p);
                }
            }
            deleteTree(home);
            Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(home.resolve(".complete"), tarball.getFileName() + "\n");
            deleteTree(tmp);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install Trino into " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator)
                Files.delete(f);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
