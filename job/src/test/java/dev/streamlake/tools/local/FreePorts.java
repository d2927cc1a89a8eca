package dev.streamlake.tools.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports for the servers a test starts: free on the loopback address when asked, so tests never
 * collide with each other or with a local run on 4568/8081.
 */
public final class FreePorts {
    private FreePorts() {}

    public static int loopback() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
