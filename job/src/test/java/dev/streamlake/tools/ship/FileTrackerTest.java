package dev.streamlake.tools.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.tools.ship.Checkpoints.FlowState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tailer on a real folder: files that grow, rotate by rename + create and by copy-truncate (as
 * logrotate does them), and a restart from the checkpointed state; every line is read once.
 */
class FileTrackerTest {

    @Test
    void readsGrowingFilesThroughRenameAndCopyTruncateRotationsEachLineOnce(@TempDir Path dir)
            throws IOException {
        FlowConfig flow = flow(dir, "app.log*", "\"initialPosition\": \"START_OF_FILE\"");
        ShipStats stats = new ShipStats();
        List<String> got = new ArrayList<>();
        Path log = dir.resolve("app.log");
        append(log, "a1\na2\n");
        try (FileTracker tracker = new FileTracker(flow, null, stats)) {
            tracker.poll(r -> got.add(text(r)));
            append(log, "a3\npartial");
            tracker.poll(r -> got.add(text(r)));
            assertThat(got)
                    .containsExactly(
                            "a1\n", "a2\n", "a3\n"); // the partial line waits for its newline
            append(log, "-a4\n");
            append(log, "a5\n");
            // rename + create: the old file's rest and the new file's lines, none twice
            Files.move(log, dir.resolve("app.log.1"));
            append(dir.resolve("app.log.1"), "a6\n"); // the writer had it open still
            append(log, "b1\nb2\n");
            tracker.poll(r -> got.add(text(r)));
            assertThat(got)
                    .containsExactly(
                            "a1\n", "a2\n", "a3\n", "partial-a4\n", "a5\n", "a6\n", "b1\n", "b2\n");
            // copy-truncate: the copy holds what was not read yet; the truncated file starts over
            append(log, "b3\n");
            Files.copy(log, dir.resolve("app.log.2"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            append(log, "c1\n");
            tracker.poll(r -> got.add(text(r)));
            tracker.poll(r -> got.add(text(r)));
            assertThat(got).endsWith("b3\n", "c1\n");
            assertThat(stats.truncations).hasValue(1);
            FlowState saved = new FlowState(tracker.state(), tracker.lastListing(), 0);

            // a restart from the checkpoint: only what came since
            append(log, "c2\n");
            try (FileTracker again = new FileTracker(flow, saved, stats)) {
                List<String> more = new ArrayList<>();
                again.poll(r -> more.add(text(r)));
                assertThat(more).containsExactly("c2\n");
            }
        }
        assertThat(got).doesNotHaveDuplicates().hasSize(10);
    }

    @Test
    void firstStartReadsOnlyTheNewestFileFromItsStartOrEnd(@TempDir Path dir) throws IOException {
        append(dir.resolve("x.log.1"), "old\n");
        dir.resolve("x.log.1").toFile().setLastModified(System.currentTimeMillis() - 60_000);
        append(dir.resolve("x.log"), "h\nnew\n");
        List<String> got = new ArrayList<>();
        try (FileTracker t =
                new FileTracker(
                        flow(
                                dir,
                                "x.log*",
                                "\"initialPosition\": \"START_OF_FILE\", \"skipHeaderLines\": 1"),
                        null,
                        new ShipStats())) {
            t.poll(r -> got.add(text(r)));
        }
        assertThat(got).containsExactly("new\n");
        got.clear();
        try (FileTracker t =
                new FileTracker(
                        flow(dir, "x.log*", "\"initialPosition\": \"END_OF_FILE\""),
                        null,
                        new ShipStats())) {
            append(dir.resolve("x.log"), "later\n");
            t.poll(r -> got.add(text(r)));
        }
        assertThat(got).containsExactly("later\n");
    }

    @Test
    void aFileMovedInWithAnOldModificationTimeIsTakenAsReadLikeACompressedRotation(
            @TempDir Path dir) throws IOException {
        append(dir.resolve("y.log"), "a\n");
        List<String> got = new ArrayList<>();
        ShipStats stats = new ShipStats();
        try (FileTracker t =
                new FileTracker(
                        flow(dir, "y.log*", "\"initialPosition\": \"START_OF_FILE\""),
                        null,
                        stats)) {
            t.poll(r -> got.add(text(r)));
            Path old = dir.resolve("y.log.3.gz");
            append(old, "\u001f\u008b binary\n");
            old.toFile().setLastModified(System.currentTimeMillis() - 3_600_000);
            append(dir.resolve("y.log.new"), "b\n");
            t.poll(r -> got.add(text(r)));
        }
        assertThat(got).containsExactly("a\n", "b\n");
        assertThat(stats.oldFilesSkipped).hasValue(1);
    }

    @Test
    void multiLineRecordsEndAtTheNextStartLineOrWhenTheFileRestsForAPoll(@TempDir Path dir)
            throws IOException {
        Path log = dir.resolve("m.log");
        append(log, "2026-01-01 boom\n  at a\n  at b\n2026-01-02 ok\n");
        List<String> got = new ArrayList<>();
        ShipStats stats = new ShipStats();
        try (FileTracker t =
                new FileTracker(
                        flow(
                                dir,
                                "m.log",
                                "\"initialPosition\": \"START_OF_FILE\", \"multiLineStartPattern\": \"\\\\d{4}-\""),
                        null,
                        stats)) {
            t.poll(r -> got.add(text(r)));
            assertThat(got).containsExactly("2026-01-01 boom\n  at a\n  at b\n");
            append(log, "  at c\n");
            t.poll(r -> got.add(text(r)));
            assertThat(got).hasSize(1); // it grew: the record may go on
            t.poll(r -> got.add(text(r)));
        }
        assertThat(got)
                .containsExactly("2026-01-01 boom\n  at a\n  at b\n", "2026-01-02 ok\n  at c\n");
        assertThat(stats.linesRead)
                .as("a pending record's lines, read on every poll, counted once")
                .hasValue(5);
    }

    static FlowConfig flow(Path dir, String glob, String extra) {
        String json =
                "{\"flows\": [{\"kinesisStream\": \"s\", \"filePattern\": \""
                        + dir.resolve(glob)
                        + "\", "
                        + extra
                        + "}]}";
        return AgentConfig.parse(json, Clock.systemUTC()).flows.get(0);
    }

    static void append(Path file, String text) throws IOException {
        Files.write(
                file,
                text.getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
