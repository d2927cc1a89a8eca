package dev.streamlake.tools.local;

/**
 * A server of ours on a loopback port around the {@link LocalServer} process that runs it: its
 * port, its PID, whether it still runs, and its stop.
 */
public abstract class LocalPeer implements AutoCloseable {
    private final LocalServer server;

    protected LocalPeer(LocalServer server) {
        this.server = server;
    }

    public int port() {
        return server.port();
    }

    public long pid() {
        return server.pid();
    }

    /** Whether the server process still runs: after {@link #close()}, a test checks it does not. */
    public boolean isAlive() {
        return server.isAlive();
    }

    /** Stops the server, by PID: SIGTERM, then SIGKILL if it has not exited within its grace. */
    @Override
    public void close() {
        server.close();
    }
}
