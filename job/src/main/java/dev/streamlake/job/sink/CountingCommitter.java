package dev.streamlake.job.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.metrics.Counter;

/**
 * The FileSink's committer, counting what it makes visible.
 *
 * <p>This is where a commit can be observed: the committer runs when a checkpoint has completed and
 * turns each pending part file into a visible one (a rename locally, the completion of the
 * multipart upload on S3). A part counts once its commit returned without an error: as a file, and
 * with its size as the writer reported it (compressed bytes, as stored). Committables that only
 * clean up an in-progress file count nothing.
 *
 * <p>After a failure the committer commits again what the restored checkpoint holds; committing an
 * already visible file is a no-op for the lake, but it counts again here. So the counters can
 * exceed the files in the lake by the parts of one checkpoint per restore; they never miss one.
 */
final class CountingCommitter implements Committer<FileSinkCommittable> {
    private final Committer<FileSinkCommittable> delegate;
    private final Counter files;
    private final Counter bytes;

    CountingCommitter(Committer<FileSinkCommittable> delegate, Counter files, Counter bytes) {
        this.delegate = delegate;
        this.files = files;
        this.bytes = bytes;
    }

    @Override
    public void commit(Collection<CommitRequest<FileSinkCommittable>> requests)
            throws IOException, InterruptedException {
        List<Watched> watched = new ArrayList<>(requests.size());
        for (CommitRequest<FileSinkCommittable> r : requests) watched.add(new Watched(r));
        delegate.commit(new ArrayList<>(watched));
        for (Watched w : watched) {
            FileSinkCommittable c = w.getCommittable();
            if (w.settled && c.hasPendingFile()) {
                files.inc();
                bytes.inc(Math.max(0, c.getPendingFile().getSize()));
            }
        }
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }

    /** A request that remembers whether the delegate failed it or put it off. */
    private static final class Watched implements CommitRequest<FileSinkCommittable> {
        private final CommitRequest<FileSinkCommittable> request;
        boolean settled = true;

        Watched(CommitRequest<FileSinkCommittable> request) {
            this.request = request;
        }

        @Override
        public FileSinkCommittable getCommittable() {
            return request.getCommittable();
        }

        @Override
        public int getNumberOfRetries() {
            return request.getNumberOfRetries();
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            settled = false;
            request.signalFailedWithKnownReason(t);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            settled = false;
            request.signalFailedWithUnknownReason(t);
        }

        @Override
        public void retryLater() {
            settled = false;
            request.retryLater();
        }

        @Override
        public void updateAndRetryLater(FileSinkCommittable committable) {
            settled = false;
            request.updateAndRetryLater(committable);
        }

        @Override
        public void signalAlreadyCommitted() {
            request.signalAlreadyCommitted();
        }
    }
}
