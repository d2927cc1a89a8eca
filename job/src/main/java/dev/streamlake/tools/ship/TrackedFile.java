package dev.streamlake.tools.ship;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One file a flow tails, known by its file key (device and inode), so that it is followed through a
 * rename; its channel stays open, so a file renamed out of the pattern or deleted is still read to
 * its end. {@link #offset} is where the next record starts: everything before it was sent, or
 * skipped on purpose. The first bytes' hash ({@link #headHash}, of up to {@value #HEAD} bytes)
 * tells a file truncated and written again from a grown one, and finds a copy-truncate rotation's
 * copy.
 */
final class TrackedFile implements AutoCloseable {
    static final int HEAD = 1024;

    final String key;
    Path path;
    final FileChannel channel;
    long offset;
    int headLength;
    String headHash = "";

    /**
     * Set while this file is taken for the copy of another one, not read until that one is
     * truncated.
     */
    String copyOf;

    int headerLinesLeft;
    boolean listed = true;
    long maxSize;

    /**
     * The size at the previous poll: a file that did not grow since may hand over a pending record.
     */
    long previousSize = -1;

    TrackedFile(String key, Path path) throws IOException {
        this.key = key;
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    long size() throws IOException {
        return channel.size();
    }

    /** Starts over from the file's beginning (new, or truncated). */
    void restart(int skipHeaderLines) {
        offset = 0;
        headLength = 0;
        headHash = "";
        headerLinesLeft = skipHeaderLines;
    }

    /** Records the head's hash once the offset has moved past more of it. */
    void updateHead() throws IOException {
        int want = (int) Math.min(HEAD, offset);
        if (want > headLength) {
            headHash = hashOfHead(want);
            headLength = want;
        }
    }

    /**
     * Whether the file's first {@code length} bytes hash to {@code hash} (false if it is shorter).
     */
    boolean headMatches(int length, String hash) throws IOException {
        return length > 0 && size() >= length && hashOfHead(length).equals(hash);
    }

    private String hashOfHead(int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, buf.position()) < 0) break;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(buf.array(), 0, buf.position());
            byte[] d = sha.digest();
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 16; i++) hex.append(String.format("%02x", d[i]));
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return path + " (" + key + ")";
    }
}
