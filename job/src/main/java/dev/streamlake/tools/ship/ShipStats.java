package dev.streamlake.tools.ship;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the shipper did, for the progress line and the summary at exit: every line read ends as a
 * record sent, a header line skipped, or a record dropped on purpose (LOGTOJSON non-matches), each
 * counted; records re-sent after a crash are bounded by {@link #possibleDuplicates}.
 */
final class ShipStats {
    final AtomicLong linesRead = new AtomicLong();
    final AtomicLong headerLinesSkipped = new AtomicLong();
    final AtomicLong recordsDropped = new AtomicLong();
    final AtomicLong conversionFailures = new AtomicLong();
    final AtomicLong recordsTruncated = new AtomicLong();
    final AtomicLong recordsSent = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong batchesSent = new AtomicLong();
    final AtomicLong truncations = new AtomicLong();
    final AtomicLong filesGone = new AtomicLong();
    final AtomicLong oldFilesSkipped = new AtomicLong();
    final AtomicLong possibleDuplicates = new AtomicLong();
    private final Map<String, Long> lag = new ConcurrentHashMap<>();

    void lagBytes(String flow, long bytes) {
        lag.put(flow, bytes);
    }

    long lagBytes() {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    String progress() {
        return "lines read "
                + linesRead
                + ", records sent "
                + recordsSent
                + " ("
                + bytesSent
                + " bytes, "
                + batchesSent
                + " batches), lag "
                + lagBytes()
                + " bytes behind the files' ends";
    }

    String summary() {
        return "ship summary: lines read "
                + linesRead
                + "\n  records sent "
                + recordsSent
                + " ("
                + bytesSent
                + " bytes in "
                + batchesSent
                + " PutRecords batches)"
                + "\n  header lines skipped (skipHeaderLines) "
                + headerLinesSkipped
                + "\n  records dropped on purpose (LOGTOJSON lines not in the format) "
                + recordsDropped
                + "\n  records sent raw after a failed conversion "
                + conversionFailures
                + "\n  records truncated to Kinesis' 1 MiB (truncatedRecordTerminator) "
                + recordsTruncated
                + "\n  files truncated (copy-truncate rotations) "
                + truncations
                + "\n  checkpointed files gone at start "
                + filesGone
                + "\n  files that appeared with an old modification time, taken as read "
                + oldFilesSkipped
                + "\n  possible duplicates (the batch in flight when the shipper last stopped) "
                + possibleDuplicates
                + "\n  lag "
                + lagBytes()
                + " bytes behind the files' ends";
    }
}
