package dev.streamlake.tools.local;

/**
 * A peer that speaks HTTP on a loopback port (the Kinesis emulator, the local S3) around the {@link
 * LocalServer} process that runs it: where it answers, its PID, and its stop.
 */
abstract class HttpPeer implements AutoCloseable {
    private final LocalServer server;

    HttpPeer(LocalServer server) {
        this.server = server;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public long pid() {
        return server.pid();
    }

    public boolean isAlive() {
        return server.isAlive();
    }

    /** Stops the server, by PID: SIGTERM, then SIGKILL if it has not exited within 5 s. */
    @Override
    public void close() {
        server.close();
    }
}
