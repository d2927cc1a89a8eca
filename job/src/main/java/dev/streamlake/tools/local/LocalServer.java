package dev.streamlake.tools.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A server process started by this project (an emulator, a local S3): started, awaited until it
 * accepts connections on its loopback port, and stopped by its PID.
 */
public final class LocalServer implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;

    private LocalServer(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** Starts {@code command}, output to {@code log}, and waits until 127.0.0.1:port accepts. */
    public static LocalServer start(
            String name, ProcessBuilder command, int port, Path log, Duration timeout) {
        Process process;
        try {
            process = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start " + name + " (" + command.command().get(0) + ")", e);
        }
        LocalServer server = new LocalServer(name, process, port);
        try {
            server.awaitListening(timeout, log);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
    @Override
    public void close() {
        stop(process, Duration.ofSeconds(5));
    }

    /** Stops any process of ours: SIGTERM, then SIGKILL after {@code grace}. */
    public static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening(Duration timeout, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException(
                name + " did not listen on " + port + " within " + timeout + "; see " + log);
    }
}
