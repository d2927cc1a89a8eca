package dev.streamlake.tools.ship;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The shipper's {@code checkpointFile}: per flow, each tracked file's identity and the offset up to
 * which Kinesis has accepted its records, and the size of the batch in flight. Written whole to a
 * temporary file, forced to disk and renamed over the old one, so a crash leaves the old or the new
 * file, never a torn one. JSON of its own: the agent's checkpoint file is an SQLite database, which
 * is refused by name rather than overwritten.
 */
final class Checkpoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SQLITE = "SQLite format 3".getBytes(StandardCharsets.US_ASCII);

    /** One tracked file: {@code copyOf} names the file this one is a copy-truncate copy of. */
    static final class FileState {
        public String key;
        public String path;
        public long offset;
        public int headLength;
        public String headHash;
        public String copyOf;

        public FileState() {}

        FileState(
                String key,
                String path,
                long offset,
                int headLength,
                String headHash,
                String copyOf) {
            this.key = key;
            this.path = path;
            this.offset = offset;
            this.headLength = headLength;
            this.headHash = headHash;
            this.copyOf = copyOf;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof FileState)) return false;
            FileState f = (FileState) o;
            return offset == f.offset
                    && headLength == f.headLength
                    && Objects.equals(key, f.key)
                    && Objects.equals(path, f.path)
                    && Objects.equals(headHash, f.headHash)
                    && Objects.equals(copyOf, f.copyOf);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, offset);
        }
    }

    /**
     * A flow's files as of the folder listing at {@code listedAt} (wall clock), and the records of
     * the batch sent but not yet acknowledged (0: none).
     */
    static final class FlowState {
        public List<FileState> files = List.of();
        public long listedAt;
        public int inFlight;

        public FlowState() {}

        FlowState(List<FileState> files, long listedAt, int inFlight) {
            this.files = files;
            this.listedAt = listedAt;
            this.inFlight = inFlight;
        }
    }

    /** The file's schema. */
    static final class Document {
        public int version;
        public Map<String, FlowState> flows;

        public Document() {}

        Document(int version, Map<String, FlowState> flows) {
            this.version = version;
            this.flows = flows;
        }
    }

    private final Path file;
    private final Map<String, FlowState> flows;

    private Checkpoints(Path file, Map<String, FlowState> flows) {
        this.file = file;
        this.flows = flows;
    }

    /** Reads the file, or starts empty when there is none yet. */
    static Checkpoints open(Path file, String key) throws IOException {
        if (!Files.exists(file)) return new Checkpoints(file, new TreeMap<>());
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length >= SQLITE.length
                && java.util.Arrays.equals(bytes, 0, SQLITE.length, SQLITE, 0, SQLITE.length)) {
            throw new IllegalArgumentException(
                    key
                            + ": "
                            + file
                            + " is the Kinesis Agent's own checkpoint database "
                            + "(SQLite); give the shipper a file of its own (--checkpoint-file or "
                            + key
                            + ")");
        }
        try {
            Document doc = JSON.readValue(bytes, Document.class);
            return new Checkpoints(file, new TreeMap<>(doc.flows == null ? Map.of() : doc.flows));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    key + ": " + file + " is not a shipper checkpoint file: " + e.getMessage(), e);
        }
    }

    synchronized FlowState get(String flowId) {
        return flows.get(flowId);
    }

    /** Replaces a flow's state and writes the whole file durably. */
    synchronized void put(String flowId, FlowState state) {
        flows.put(flowId, state);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            byte[] bytes =
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Document(1, flows));
            try (FileChannel ch =
                    FileChannel.open(
                            tmp,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(
                        tmp,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint file " + file, e);
        }
    }
}
