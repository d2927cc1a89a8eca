package dev.streamlake.tools.ship;

import dev.streamlake.tools.ship.Checkpoints.FileState;
import dev.streamlake.tools.ship.Checkpoints.FlowState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one flow and how far each was read, followed through the rotations the agent's
 * {@code SourceFileTracker} follows (awslabs/amazon-kinesis-agent, its Javadoc lists them):
 *
 * <ul>
 *   <li>growth: new complete lines are read on every poll; a partial last line waits for its
 *       newline;
 *   <li>rename + create: the renamed file keeps its file key and is read to its end (its channel
 *       stays open even when the new name no longer matches {@code filePattern}); the new file is
 *       read from its start;
 *   <li>copy-truncate: a new file whose first bytes equal a tracked file's is taken for its copy
 *       and not read; when the tracked file shrinks, reading goes on in the copy at the old offset
 *       and in the truncated file from its start. Lines written between the copy and the truncation
 *       are lost (logrotate documents this for copytruncate); a "copy" that grows past the
 *       original's size is a new file after all, and is read from its start.
 * </ul>
 *
 * On the first start, like the agent, only the most recently modified file is read, from its start
 * or end ({@code initialPosition}); older matching files count as read. Files that appear later are
 * read from their start, unless they were last modified before the previous listing (moved in with
 * an old time, such as a compressed rotation: the agent reads only files newer than the one it
 * tails). With a checkpoint, reading resumes at each file's saved offset.
 */
final class FileTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileTracker.class);
    private static final int CHUNK = 64 * 1024;

    /** File systems with coarse modification times round them by up to 2 s. */
    private static final long MTIME_SLACK_MILLIS = 2_000;

    /** Receives each record read, before the tracker moves its file's offset past it. */
    interface RecordSink {
        void accept(byte[] record) throws IOException;
    }

    private final FlowConfig flow;
    private final ShipStats stats;
    private final Map<String, TrackedFile> files = new LinkedHashMap<>();

    /**
     * When the folder was last listed (wall clock): files modified before it and unseen are old.
     */
    private long lastListing;

    FileTracker(FlowConfig flow, FlowState saved, ShipStats stats) throws IOException {
        this.flow = flow;
        this.stats = stats;
        long now = System.currentTimeMillis();
        List<Listed> listed = list();
        lastListing = saved == null ? now : saved.listedAt;
        if (saved == null) {
            for (int i = 0; i < listed.size(); i++) {
                Listed l = listed.get(i);
                TrackedFile t = open(l);
                if (t == null) continue;
                boolean newest = i == listed.size() - 1;
                if (newest && flow.initialPosition == FlowConfig.InitialPosition.START_OF_FILE) {
                    t.restart(flow.skipHeaderLines);
                } else {
                    t.offset = t.size();
                    t.maxSize = t.offset;
                    t.updateHead();
                }
            }
            return;
        }
        Map<String, FileState> byKey = new HashMap<>();
        for (FileState s : saved.files) byKey.put(s.key, s);
        for (Listed l : listed) {
            FileState s = byKey.remove(l.key);
            if (s == null) continue; // new since the last stop: found by refresh()
            TrackedFile t = open(l);
            if (t == null) continue;
            t.offset = s.offset;
            t.maxSize = s.offset;
            t.headLength = s.headLength;
            t.headHash = s.headHash == null ? "" : s.headHash;
            t.copyOf = s.copyOf;
        }
        for (FileState gone : byKey.values()) {
            stats.filesGone.incrementAndGet();
            LOG.warn(
                    "{}: {} (checkpointed at offset {}) is gone or no longer matches {}: whatever was written to it "
                            + "after that offset while the shipper was stopped is not sent",
                    flow.id,
                    gone.path,
                    gone.offset,
                    flow.filePattern);
        }
    }

    /**
     * Lists the folder, follows rotations, and reads every file's new records, oldest file first.
     */
    void poll(RecordSink sink) throws IOException {
        refresh();
        long lag = 0;
        List<TrackedFile> order = new ArrayList<>(files.values());
        order.sort(Comparator.comparingLong(FileTracker::modified));
        for (TrackedFile t : order) {
            if (t.copyOf != null) continue;
            long size = t.size();
            read(t, size, sink);
            t.maxSize = Math.max(t.maxSize, size);
            t.previousSize = size;
            lag += Math.max(0, t.size() - t.offset);
            if (!t.listed && t.offset >= size) {
                files.remove(t.key);
                t.close();
            }
        }
        stats.lagBytes(flow.id, lag);
    }

    /** Each file's identity and offset, for the checkpoint. */
    List<FileState> state() {
        List<FileState> out = new ArrayList<>();
        for (TrackedFile t : files.values()) {
            out.add(
                    new FileState(
                            t.key,
                            t.path.toString(),
                            t.offset,
                            t.headLength,
                            t.headHash,
                            t.copyOf));
        }
        return out;
    }

    /** The wall-clock time of the listing that {@link #state} reflects, for the checkpoint. */
    long lastListing() {
        return lastListing;
    }

    private void refresh() throws IOException {
        for (TrackedFile t : files.values()) t.listed = false;
        long now = System.currentTimeMillis();
        List<Listed> fresh = new ArrayList<>();
        for (Listed l : list()) {
            TrackedFile t = files.get(l.key);
            if (t == null) {
                fresh.add(l);
            } else {
                t.listed = true;
                t.path = l.path;
            }
        }
        for (Listed l : fresh) {
            TrackedFile t = open(l);
            if (t == null) continue;
            t.restart(flow.skipHeaderLines);
            t.copyOf = copiedFrom(t);
            if (t.copyOf != null) {
                LOG.info("{}: {} is taken for a copy of {}", flow.id, l.path, files.get(t.copyOf));
            } else if (l.modified < lastListing - MTIME_SLACK_MILLIS) {
                // Last modified before the previous look yet not seen then: moved in, e.g. a
                // rotation
                // compressed with its old time kept. The agent reads only files newer than the one
                // it
                // tails, so it is taken as read.
                t.offset = t.size();
                t.maxSize = t.offset;
                t.updateHead();
                stats.oldFilesSkipped.incrementAndGet();
                LOG.info(
                        "{}: {} is older than the previous look at the folder: taken as read",
                        flow.id,
                        l.path);
            }
        }
        lastListing = now;
        for (TrackedFile t : new ArrayList<>(files.values())) {
            if (t.copyOf != null) {
                TrackedFile source = files.get(t.copyOf);
                if (source == null || t.size() > source.maxSize) {
                    LOG.info("{}: {} is not a copy after all, read from its start", flow.id, t);
                    t.copyOf = null;
                }
                continue;
            }
            long size = t.size();
            if (size < t.offset || (t.headLength > 0 && !t.headMatches(t.headLength, t.headHash)))
                truncated(t);
        }
    }

    private void truncated(TrackedFile t) throws IOException {
        stats.truncations.incrementAndGet();
        TrackedFile copy = null;
        for (TrackedFile c : files.values()) {
            if (t.key.equals(c.copyOf)) copy = c;
        }
        if (copy != null) {
            copy.copyOf = null;
            copy.offset = t.offset;
            copy.headLength = t.headLength;
            copy.headHash = t.headHash;
            copy.headerLinesLeft = t.headerLinesLeft;
            LOG.info(
                    "{}: {} was truncated; its copy {} is read on from offset {}",
                    flow.id,
                    t,
                    copy,
                    t.offset);
        } else {
            LOG.warn(
                    "{}: {} was truncated at offset {} with no copy matching {}: lines after that offset that "
                            + "were not read yet are lost",
                    flow.id,
                    t,
                    t.offset,
                    flow.filePattern);
        }
        t.restart(flow.skipHeaderLines);
        t.maxSize = 0;
    }

    /** The tracked, listed file this new one starts like (a copy-truncate copy), or null. */
    private String copiedFrom(TrackedFile fresh) throws IOException {
        for (TrackedFile t : files.values()) {
            if (t != fresh
                    && t.copyOf == null
                    && t.listed
                    && t.headLength > 0
                    && fresh.headMatches(t.headLength, t.headHash)) {
                return t.key;
            }
        }
        return null;
    }

    /**
     * Reads the records that are complete between the file's offset and {@code size}: single lines,
     * or with {@code multiLineStartPattern}, groups that end where the next start line begins (the
     * last group once the file has not grown for a poll). A record longer than Kinesis allows keeps
     * its first bytes only (the shipper truncates it with the terminator).
     */
    private void read(TrackedFile t, long size, RecordSink sink) throws IOException {
        if (t.offset >= size) return;
        boolean idle = size == t.previousSize || !t.listed;
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, size - t.offset));
        Line line = new Line();
        Group group = new Group();
        long pos = t.offset;
        while (pos < size) {
            chunk.clear();
            chunk.limit((int) Math.min(chunk.capacity(), size - pos));
            int n = t.channel.read(chunk, pos);
            if (n <= 0) break;
            byte[] a = chunk.array();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (a[i] != '\n') continue;
                line.append(a, start, i + 1 - start);
                long end = pos + i + 1;
                lineDone(t, line, end, group, sink);
                start = i + 1;
            }
            line.append(a, start, n - start);
            pos += n;
        }
        if (idle && !t.listed && line.length > 0) {
            lineDone(t, line, pos, group, sink); // a rotated file's last line, never to be finished
        }
        if (idle && group.length() > 0) {
            emit(t, group.take(), group.end, group.lines(), sink);
        }
    }

    private void lineDone(TrackedFile t, Line line, long end, Group group, RecordSink sink)
            throws IOException {
        byte[] bytes = line.take();
        if (t.headerLinesLeft > 0 && group.length() == 0) {
            t.headerLinesLeft--;
            stats.linesRead.incrementAndGet();
            stats.headerLinesSkipped.incrementAndGet();
            t.offset = end;
            t.updateHead();
            return;
        }
        if (flow.multiLineStart == null) {
            emit(t, bytes, end, 1, sink);
            return;
        }
        if (group.length() > 0 && startsRecord(bytes))
            emit(t, group.take(), group.end, group.lines(), sink);
        group.add(bytes, end);
    }

    private boolean startsRecord(byte[] line) {
        return flow.multiLineStart.matcher(new String(line, StandardCharsets.UTF_8)).lookingAt();
    }

    /** Hands a record on; lines are counted here, since a pending record's lines are read again. */
    private void emit(TrackedFile t, byte[] record, long end, int lines, RecordSink sink)
            throws IOException {
        sink.accept(record);
        stats.linesRead.addAndGet(lines);
        t.offset = end;
        t.updateHead();
    }

    private TrackedFile open(Listed l) throws IOException {
        try {
            TrackedFile t = new TrackedFile(l.key, l.path);
            files.put(l.key, t);
            return t;
        } catch (NoSuchFileException gone) {
            return null; // rotated away between the listing and now: the next poll sees where it
            // went
        }
    }

    private static long modified(TrackedFile t) {
        try {
            return Files.getLastModifiedTime(t.path).toMillis();
        } catch (IOException gone) {
            return Long
                    .MIN_VALUE; // deleted or renamed away: its rest is older than anything listed
        }
    }

    /** A matching regular file, by file key (device and inode) where the file system has one. */
    private static final class Listed {
        final Path path;
        final String key;
        final long modified;

        Listed(Path path, String key, long modified) {
            this.path = path;
            this.key = key;
            this.modified = modified;
        }
    }

    /** The matching files, least recently modified first. */
    private List<Listed> list() throws IOException {
        List<Listed> out = new ArrayList<>();
        if (!Files.isDirectory(flow.directory)) return out;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(flow.directory)) {
            for (Path p : dir) {
                if (!flow.fileName.matches(p.getFileName())) continue;
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (!a.isRegularFile()) continue;
                    Object key = a.fileKey();
                    out.add(
                            new Listed(
                                    p,
                                    key == null ? p.toString() : key.toString(),
                                    a.lastModifiedTime().toMillis()));
                } catch (NoSuchFileException gone) {
                    // rotated away while listing
                }
            }
        }
        out.sort(
                Comparator.comparingLong((Listed l) -> l.modified)
                        .thenComparing(l -> l.path.toString()));
        return out;
    }

    @Override
    public void close() throws IOException {
        for (Iterator<TrackedFile> it = files.values().iterator(); it.hasNext(); ) {
            it.next().close();
            it.remove();
        }
    }

    /** A line being read, kept to the first {@code MAX_RECORD_BYTES}. */
    private static final class Line {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int length;

        void append(byte[] a, int from, int n) {
            int room = AgentConfig.MAX_RECORD_BYTES - bytes.size();
            bytes.write(a, from, Math.max(0, Math.min(n, room)));
            length += n;
        }

        byte[] take() {
            byte[] out = bytes.toByteArray();
            bytes.reset();
            length = 0;
            return out;
        }
    }

    /** A multi-line record being gathered, kept to the first {@code MAX_RECORD_BYTES}. */
    private static final class Group {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long end;
        private int lines;

        void add(byte[] line, long lineEnd) {
            if (bytes.size() == 0) lines = 0;
            lines++;
            int room = AgentConfig.MAX_RECORD_BYTES - bytes.size();
            bytes.write(line, 0, Math.max(0, Math.min(line.length, room)));
            end = lineEnd;
        }

        int length() {
            return bytes.size();
        }

        int lines() {
            return lines;
        }

        byte[] take() {
            byte[] out = bytes.toByteArray();
            bytes.reset();
            return out;
        }
    }
}
