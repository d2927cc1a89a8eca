package dev.streamlake.tools.local;

/**
 * A peer that speaks HTTP on a loopback port (the Kinesis emulator, the local S3): a {@link
 * LocalPeer} with the endpoint its clients are given.
 */
abstract class HttpPeer extends LocalPeer {
    HttpPeer(LocalServer server) {
        super(server);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }
}
