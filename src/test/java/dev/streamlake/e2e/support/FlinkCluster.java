package dev.streamlake.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.tools.local.FreePorts;
import dev.streamlake.tools.local.LocalPeer;
import dev.streamlake.tools.local.LocalServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;

/**
 * A real Flink 1.19 cluster on this machine: one JobManager and TaskManagers, each a JVM of its
 * own, started the way flink-dist's scripts start them, from the distribution Maven assembles in
 * {@code target/flink-cluster} ({@code lib/} with flink-dist's modules, {@code
 * plugins/s3-fs-hadoop}; see {@code src/test/flink-cluster/pom.xml}): {@code java -cp 'lib/*'
 * <entrypoint> --configDir conf} with {@code FLINK_PLUGINS_DIR}, Flink's Java 17 {@code
 * --add-opens} flags and the JVM memory flags Flink's own {@code BashJavaUtils} computes from the
 * configuration.
 *
 * <p>Every server socket is on 127.0.0.1 and a free port. The cluster's folder holds {@code conf/}
 * (a {@code config.yaml} written here), one {@code log/<node>.log} per JVM, and, in application
 * mode, {@code usrlib/} with the job's jar. {@link #close} stops every JVM by its PID and checks
 * that it is gone. The AWS SDKs in the JVMs find the emulators' dummy identity in their
 * environment, as they would find an instance role on AWS: no key is written to a configuration
 * file.
 */
public final class FlinkCluster implements AutoCloseable {
    public static final String SESSION_ENTRYPOINT =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    public static final String TASK_MANAGER =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    /** One JVM of the cluster. */
    public static final class Node extends LocalPeer {
        private final String name;
        private final Path log;

        private Node(String name, LocalServer server, Path log) {
            super(server);
            this.name = name;
            this.log = log;
        }

        /** The node's name; for a TaskManager also its resource id, as the REST API shows it. */
        public String name() {
            return name;
        }

        public Path log() {
            return log;
        }

        @Override
        public String toString() {
            return name + " (pid " + pid() + ")";
        }
    }

    private final Path dir;
    private final Path confDir;
    private final int restPort;
    private final List<String> taskManagerJvm;
    private final List<String> taskManagerDynamic;
    private final Map<String, String> env;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Node> taskManagers = new ArrayList<>();
    private final ClusterRest rest;
    private Node jobManager;

    private FlinkCluster(Path dir, Map<String, String> conf, Map<String, String> env)
            throws IOException {
        this.dir = Files.createDirectories(dir);
        this.confDir = Files.createDirectories(dir.resolve("conf"));
        this.env = env;
        Files.createDirectories(dir.resolve("log"));
        this.restPort = Integer.parseInt(conf.get("rest.port"));
        writeConfig(conf);
        this.taskManagerJvm = memoryFlags("GET_TM_RESOURCE_PARAMS", 0);
        this.taskManagerDynamic = memoryFlags("GET_TM_RESOURCE_PARAMS", 1);
        this.rest = new ClusterRest(restPort);
    }

    /**
     * The assembled distribution: system property {@code flink.cluster.home} (the build sets it).
     */
    public static Path home() {
        Path home =
                Path.of(
                        System.getProperty(
                                "flink.cluster.home",
                                JobProcess.projectRoot()
                                        .resolve("target/flink-cluster")
                                        .toString()));
        if (!Files.isRegularFile(home.resolve("lib/flink-runtime-" + flinkVersion() + ".jar"))
                || !Files.isDirectory(home.resolve("plugins/s3-fs-hadoop"))) {
            throw new IllegalStateException(
                    home
                            + " holds no Flink distribution: build it with"
                            + " mvn -pl src/test -am verify (module src/test/flink-cluster)");
        }
        return home;
    }

    /** The Flink version of the test classpath, which the distribution has too. */
    public static String flinkVersion() {
        return org.apache.flink.runtime.util.EnvironmentInformation.getVersion();
    }

    /**
     * A session cluster in {@code dir}: a JobManager ({@code StandaloneSessionClusterEntrypoint})
     * and {@code taskManagers} TaskManagers, each registered before this returns. {@code settings}
     * add to (or override) the loopback, port and memory defaults.
     */
    public static FlinkCluster session(Path dir, Map<String, String> settings, int taskManagers)
            throws Exception {
        FlinkCluster cluster = new FlinkCluster(dir, defaults(dir, settings), emulatorIdentity());
        return cluster.startNodes(SESSION_ENTRYPOINT, List.of(), List.of(), taskManagers);
    }

    /**
     * An application cluster in {@code dir}, the way Managed Flink and the Kubernetes operator run
     * a job: the jar in {@code usrlib/}, the JobManager started with the job's main class and
     * program arguments ({@link ApplicationClusterMain}), which it runs itself, plus {@code
     * taskManagers} TaskManagers. The JobManager exits when the job ends.
     */
    public static FlinkCluster application(
            Path dir,
            Map<String, String> settings,
            Path jar,
            String jobClass,
            List<String> programArgs,
            int taskManagers)
            throws Exception {
        FlinkCluster cluster = new FlinkCluster(dir, defaults(dir, settings), emulatorIdentity());
        Path usrlib = Files.createDirectories(cluster.dir.resolve("usrlib"));
        Files.copy(jar, usrlib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        List<String> args = new ArrayList<>(List.of("--job-classname", jobClass, "--"));
        args.addAll(programArgs);
        return cluster.startNodes(
                ApplicationClusterMain.class.getName(),
                List.of(cluster.entrypointJar(ApplicationClusterMain.class).toString()),
                args,
                taskManagers);
    }

    /**
     * Starts the JobManager ({@code entrypoint} with {@code classpath} and {@code args}), then
     * {@code taskManagers} TaskManagers, and waits until they have registered; stops what started
     * if any of it fails.
     */
    private FlinkCluster startNodes(
            String entrypoint, List<String> classpath, List<String> args, int taskManagers)
            throws Exception {
        try {
            startJobManager(entrypoint, classpath, args);
            for (int i = 0; i < taskManagers; i++) startTaskManager();
            awaitTaskManagers(taskManagers);
            return this;
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /**
     * Loopback addresses, free ports, small memory, one slot per TaskManager; then {@code
     * settings}.
     */
    private static Map<String, String> defaults(Path dir, Map<String, String> settings) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.rpc.port", String.valueOf(FreePorts.loopback()));
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.host", "127.0.0.1");
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", String.valueOf(FreePorts.loopback()));
        c.put("blob.server.port", String.valueOf(FreePorts.loopback()));
        c.put("jobmanager.memory.process.size", "1024m");
        c.put("taskmanager.memory.process.size", "1280m");
        c.put("taskmanager.memory.managed.size", "64m");
        c.put("taskmanager.numberOfTaskSlots", "1");
        // Everything a node writes stays in the cluster's folder, not in /tmp.
        c.put("io.tmp.dirs", dir.resolve("tmp").toString());
        c.put("web.tmpdir", dir.resolve("web").toString());
        c.put("blob.storage.directory", dir.resolve("blob").toString());
        // A killed TaskManager is noticed within seconds, not the default 50 s.
        c.put("heartbeat.interval", "2000");
        c.put("heartbeat.timeout", "10000");
        c.putAll(settings);
        return c;
    }

    /** The dummy identity of the emulators, where the AWS SDKs' default chains look first. */
    private static Map<String, String> emulatorIdentity() {
        return Map.of(
                "AWS_ACCESS_KEY_ID",
                "local",
                "AWS_SECRET_ACCESS_KEY",
                "local",
                "AWS_REGION",
                "us-east-1",
                "AWS_EC2_METADATA_DISABLED",
                "true");
    }

    private void writeConfig(Map<String, String> conf) throws IOException {
        // config.yaml, Flink 1.19's standard YAML: every value quoted, so none changes type.
        String yaml =
                conf.entrySet().stream()
                        .map(
                                e ->
                                        e.getKey()
                                                + ": \""
                                                + e.getValue()
                                                        .replace("\\", "\\\\")
                                                        .replace("\"", "\\\"")
                                                + "\"")
                        .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(confDir.resolve("config.yaml"), yaml, StandardCharsets.UTF_8);
        try (InputStream log4j =
                FlinkCluster.class.getResourceAsStream("/flink-cluster/log4j.properties")) {
            Files.copy(
                    log4j,
                    confDir.resolve("log4j.properties"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** One line of {@code BashJavaUtils}' answer: 0 the JVM flags, 1 the dynamic properties. */
    private List<String> memoryFlags(String command, int line) throws IOException {
        Path out = dir.resolve("log/bash-java-utils-" + command + ".out");
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                java(),
                                "-cp",
                                libClasspath(),
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                command,
                                "--configDir",
                                confDir.toString()));
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        try {
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("BashJavaUtils did not answer; see " + out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> results =
                Files.readAllLines(out).stream()
                        .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                        .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).trim())
                        .collect(Collectors.toList());
        if (results.size() <= line)
            throw new IllegalStateException("BashJavaUtils " + command + " failed; see " + out);
        return Arrays.stream(results.get(line).split("\\s+"))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }

    private void startJobManager(String mainClass, List<String> extraClasspath, List<String> args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(memoryFlags("GET_JM_RESOURCE_PARAMS", 0));
        List<String> classpath = new ArrayList<>(List.of(libClasspath()));
        classpath.addAll(extraClasspath);
        cmd.addAll(jvmFlags("jobmanager", String.join(File.pathSeparator, classpath)));
        cmd.add(mainClass);
        cmd.addAll(List.of("--configDir", confDir.toString()));
        cmd.addAll(args);
        jobManager = start("jobmanager", cmd, restPort);
    }

    /**
     * Starts one more TaskManager ({@code TaskManagerRunner}) with free RPC and data ports and the
     * resource id {@code taskmanager-N}; returns once it listens (not yet registered).
     */
    public Node startTaskManager() throws IOException {
        String name = "taskmanager-" + (taskManagers.size() + 1);
        int rpcPort = FreePorts.loopback();
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(taskManagerJvm);
        cmd.addAll(jvmFlags(name, libClasspath()));
        cmd.add(TASK_MANAGER);
        cmd.addAll(List.of("--configDir", confDir.toString()));
        cmd.addAll(taskManagerDynamic);
        cmd.addAll(
                List.of(
                        "-D",
                        "taskmanager.rpc.port=" + rpcPort,
                        "-D",
                        "taskmanager.data.port=" + FreePorts.loopback(),
                        "-D",
                        "taskmanager.resource-id=" + name));
        Node node = start(name, cmd, rpcPort);
        taskManagers.add(node);
        return node;
    }

    private Node start(String name, List<String> cmd, int port) throws IOException {
        Path log = dir.resolve("log/" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("FLINK_"));
        pb.environment().put("FLINK_PLUGINS_DIR", home().resolve("plugins").toString());
        pb.environment().put("FLINK_CONF_DIR", confDir.toString());
        pb.environment().putAll(env);
        LocalServer server =
                LocalServer.start(
                        name,
                        pb,
                        port,
                        dir.resolve("log/" + name + ".out"),
                        START_TIMEOUT,
                        STOP_GRACE);
        Node node = new Node(name, server, log);
        nodes.add(node);
        return node;
    }

    private List<String> jvmFlags(String name, String classpath) {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens"))
                flags.add(arg); // Flink's Java 17 flags (flink.jvm.opens)
        }
        flags.add("-Dlog.file=" + dir.resolve("log/" + name + ".log"));
        flags.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
        // flink-s3-fs-hadoop's AWS SDK v1 would print its end-of-support notice with a stack trace.
        flags.add("-Daws.java.v1.disableDeprecationAnnouncement=true");
        flags.addAll(List.of("-cp", classpath));
        return flags;
    }

    private static String libClasspath() {
        return home().resolve("lib") + File.separator + "*";
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A jar of {@code main}'s classes (nested ones included), for a JobManager that runs a class of
     * the tests: the JVM gets only these, not the whole test classpath.
     */
    private Path entrypointJar(Class<?> main) throws IOException {
        Path jar = dir.resolve("entrypoint.jar");
        Path classes;
        try {
            classes = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String pkg = main.getPackageName().replace('.', '/');
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                var files = Files.list(classes.resolve(pkg))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (!n.equals(main.getSimpleName() + ".class")
                        && !n.startsWith(main.getSimpleName() + "$")) continue;
                out.putNextEntry(new JarEntry(pkg + "/" + n));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Waits until the JobManager counts {@code count} registered TaskManagers. */
    public void awaitTaskManagers(int count) throws InterruptedException {
        Await.until(
                count + " TaskManagers registered",
                () -> {
                    try {
                        return rest.taskManagerIds().size() == count;
                    } catch (RuntimeException notUpYet) {
                        return false;
                    }
                },
                this::diagnosis);
    }

    public ClusterRest rest() {
        return rest;
    }

    public Node jobManager() {
        return jobManager;
    }

    /** TaskManagers started so far, killed ones included, in start order. */
    public List<Node> taskManagers() {
        return List.copyOf(taskManagers);
    }

    public Path dir() {
        return dir;
    }

    /** {@code kill -9} of one node: no shutdown hook, no goodbye to the JobManager. */
    public void kill(Node node) throws InterruptedException {
        ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroyForcibly);
        Await.until(node + " is gone", () -> !node.isAlive(), () -> "");
    }

    /** For a failure message: which nodes are alive, and the end of the JobManager's log. */
    public String diagnosis() {
        StringBuilder s = new StringBuilder();
        for (Node n : nodes) s.append(n).append(n.isAlive() ? " alive\n" : " exited\n");
        if (jobManager != null) s.append(tail(jobManager.log(), 40));
        return s.toString();
    }

    public static String tail(Path log, int lines) {
        try {
            if (!Files.exists(log)) return log + " does not exist";
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops every JVM by PID (TaskManagers first; SIGTERM, then SIGKILL) and checks none is left.
     */
    @Override
    public void close() {
        List<Node> order = new ArrayList<>(taskManagers);
        if (jobManager != null) order.add(jobManager);
        for (Node node : order) {
            node.close();
        }
        assertThat(nodes).as("cluster JVMs still running").noneMatch(Node::isAlive);
    }
}
