package dev.streamlake.job.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.streaming.api.functions.sink.filesystem.InProgressFileWriter.InProgressFileRecoverable;
import org.apache.flink.streaming.api.functions.sink.filesystem.InProgressFileWriter.PendingFileRecoverable;
import org.junit.jupiter.api.Test;

class CountingCommitterTest {
    private final SimpleCounter files = new SimpleCounter();
    private final SimpleCounter bytes = new SimpleCounter();

    @Test
    void countsEachCommittedPartFileAndItsSize() throws Exception {
        List<FileSinkCommittable> committed = new ArrayList<>();
        var committer =
                new CountingCommitter(
                        committer(
                                requests ->
                                        requests.forEach(r -> committed.add(r.getCommittable()))),
                        files,
                        bytes);

        committer.commit(
                List.of(
                        request(pending("dt=2026-11-27-10/part-a-0-0.json.gz", 1200)),
                        request(pending("dt=2026-11-27-11/part-a-0-1.json.gz", 300))));

        assertThat(committed).hasSize(2);
        assertThat(files.getCount()).isEqualTo(2);
        assertThat(bytes.getCount()).isEqualTo(1500);
    }

    @Test
    void cleanupOfAnInProgressFileCountsNothing() throws Exception {
        var committer = new CountingCommitter(committer(requests -> {}), files, bytes);
        InProgressFileRecoverable inProgress =
                new InProgressFileRecoverable() {
                    @Override
                    public Path getPath() {
                        return new Path("/lake/events/.part-x.inprogress");
                    }

                    @Override
                    public long getSize() {
                        return 99;
                    }
                };

        committer.commit(List.of(request(new FileSinkCommittable("dt=2026-11-27-10", inProgress))));

        assertThat(files.getCount()).isZero();
        assertThat(bytes.getCount()).isZero();
    }

    @Test
    void requestsTheDelegateFailsOrPutsOffAreNotCounted() throws Exception {
        var committer =
                new CountingCommitter(
                        committer(
                                requests -> {
                                    var it = requests.iterator();
                                    it.next().retryLater();
                                    it.next()
                                            .signalFailedWithUnknownReason(new IOException("gone"));
                                }),
                        files,
                        bytes);
        Request later = request(pending("dt=1/part-1", 10));
        Request failed = request(pending("dt=1/part-2", 20));
        Request done = request(pending("dt=1/part-3", 40));

        committer.commit(List.of(later, failed, done));

        assertThat(files.getCount()).isEqualTo(1);
        assertThat(bytes.getCount()).isEqualTo(40);
        assertThat(later.retried).isTrue(); // the signal still reaches Flink's request
        assertThat(failed.failure).hasMessage("gone");
    }

    @Test
    void aCommitThatThrowsCountsNothing() {
        var committer =
                new CountingCommitter(
                        committer(
                                requests -> {
                                    throw new IOException("S3 said no");
                                }),
                        files,
                        bytes);

        assertThatThrownBy(() -> committer.commit(List.of(request(pending("dt=1/part-1", 10)))))
                .hasMessage("S3 said no");
        assertThat(files.getCount()).isZero();
    }

    private static FileSinkCommittable pending(String path, long size) {
        return new FileSinkCommittable(
                path.substring(0, path.indexOf('/')),
                new PendingFileRecoverable() {
                    @Override
                    public Path getPath() {
                        return new Path("/lake/events/" + path);
                    }

                    @Override
                    public long getSize() {
                        return size;
                    }
                });
    }

    private static Request request(FileSinkCommittable c) {
        return new Request(c);
    }

    /** Flink's side of a commit request, recording the signals. */
    private static final class Request implements CommitRequest<FileSinkCommittable> {
        final FileSinkCommittable committable;
        boolean retried;
        Throwable failure;

        Request(FileSinkCommittable committable) {
            this.committable = committable;
        }

        @Override
        public FileSinkCommittable getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            failure = t;
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            failure = t;
        }

        @Override
        public void retryLater() {
            retried = true;
        }

        @Override
        public void updateAndRetryLater(FileSinkCommittable c) {
            retried = true;
        }

        @Override
        public void signalAlreadyCommitted() {}
    }

    private static Committer<FileSinkCommittable> committer(Commit c) {
        return c;
    }

    /** Lambdas as committers in these tests. */
    @FunctionalInterface
    private interface Commit extends Committer<FileSinkCommittable> {
        void apply(Collection<CommitRequest<FileSinkCommittable>> requests) throws IOException;

        @Override
        default void commit(Collection<CommitRequest<FileSinkCommittable>> requests)
                throws IOException {
            apply(requests);
        }

        @Override
        default void close() {}
    }
}
