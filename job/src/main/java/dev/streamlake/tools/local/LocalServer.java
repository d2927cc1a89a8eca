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
    private final Duration stopGrace;

    private LocalServer(String name, Process process, int port, Duration stopGrace) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.stopGrace = stopGrace;
    }

    /**
     * Starts {@code command}, output to {@code log}, and waits until 127.0.0.1:port accepts; its
     * {@link #close()} allows 5 s for a graceful exit.
     */
    public static LocalServer start(
            String name, ProcessBuilder command, int port, Path log, Duration timeout) {
        return start(name, command, port, log, timeout, Duration.ofSeconds(5));
    }

    /**
     * As {@link #start(String, ProcessBuilder, int, Path, Duration)}, stopped within {@code
     * stopGrace}.
     */
    public static LocalServer start(
            String name,
            ProcessBuilder command,
            int port,
            Path log,
            Duration timeout,
            Duration stopGrace) {
        Process process;
        try {
            process = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start " + name + " (" + command.command().get(0) + ")", e);
        }
        LocalServer server = new LocalServer(name, process, port, stopGrace);
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

    /** SIGTERM, then SIGKILL if it has not exited within its stop grace. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS);
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
