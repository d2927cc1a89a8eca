package dev.streamlake.tools.local;

import dev.streamlake.job.config.S3Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A local S3-compatible server: s3proxy ({@code org.gaul:s3proxy}, the jar with dependencies) in a
 * JVM of its own, on 127.0.0.1 only, storing buckets as folders of {@code dataDir}. It accepts the
 * emulator identity ({@link S3Options#EMULATOR_IDENTITY}). {@link #close()} stops the process it
 * started, by PID.
 */
public final class LocalS3 extends HttpPeer {
    public static final String ARTIFACT = "org.gaul:s3proxy:4.1.0:jar-with-dependencies";

    private LocalS3(LocalServer server) {
        super(server);
    }

    /**
     * The s3proxy jar: system property {@code s3proxy.jar} (the builds set it), else the local
     * Maven repository's copy.
     */
    public static Path jar() {
        String configured = System.getProperty("s3proxy.jar");
        Path jar =
                configured != null && !configured.isBlank()
                        ? Path.of(configured)
                        : Path.of(
                                System.getProperty("user.home"),
                                ".m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "no s3proxy jar at "
                            + jar
                            + " ("
                            + ARTIFACT
                            + "); the Maven builds fetch it, or set -Ds3proxy.jar=PATH");
        }
        return jar;
    }

    /**
     * Starts s3proxy on {@code 127.0.0.1:port} with the filesystem backend in {@code dataDir},
     * creates {@code buckets} (folders of dataDir) and waits until it accepts connections.
     */
    public static LocalS3 start(int port, Path dataDir, List<String> buckets, Path log) {
        try {
            Files.createDirectories(dataDir);
            for (String bucket : buckets) Files.createDirectories(dataDir.resolve(bucket));
            Path props = log.resolveSibling("s3proxy-" + port + ".properties");
            Files.writeString(
                    props,
                    String.join(
                            "\n",
                            "s3proxy.endpoint=http://127.0.0.1:" + port,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + S3Options.EMULATOR_IDENTITY,
                            "s3proxy.credential=" + S3Options.EMULATOR_IDENTITY,
                            "jclouds.provider=filesystem",
                            "jclouds.filesystem.basedir=" + dataDir.toAbsolutePath(),
                            ""));
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb =
                    new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-jar",
                            jar().toString(),
                            "--properties",
                            props.toString());
            return new LocalS3(LocalServer.start("s3proxy", pb, port, log, Duration.ofSeconds(60)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3proxy", e);
        }
    }
}
