package dev.streamlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The stop of {@code streamlake local}'s sample producer: a send that the stop cuts short (its
 * client closed under it) ends the loop quietly, a send failure while it runs is thrown, and {@code
 * close} returns only when no more sends come.
 */
class SampleFeedTest {
    private static final String CLOSED = "Connection pool shut down";

    @Test
    void aSendThatFailsBecauseOfTheStopEndsTheLoopQuietly() {
        SampleFeed[] feed = new SampleFeed[1];
        FakeKinesis kinesis =
                new FakeKinesis(
                        call -> {
                            if (call == 3) {
                                feed[0].stop(); // as the shutdown hook does, then closes the client
                                throw new IllegalStateException(CLOSED);
                            }
                        });
        feed[0] = new SampleFeed(kinesis, "s", readings(), 10);

        feed[0].sendUntilStopped();

        assertThat(kinesis.calls.get()).isEqualTo(3);
    }

    @Test
    void aSendThatFailsWhileTheFeedRunsIsThrown() {
        FakeKinesis kinesis =
                new FakeKinesis(
                        call -> {
                            if (call == 2) throw new IllegalStateException(CLOSED);
                        });
        SampleFeed feed = new SampleFeed(kinesis, "s", readings(), 10);

        assertThatThrownBy(feed::sendUntilStopped)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(CLOSED);
        assertThat(kinesis.calls.get()).isEqualTo(2);
    }

    @Test
    void closeReturnsWhenTheFeedSendsNoMore() throws InterruptedException {
        FakeKinesis kinesis = new FakeKinesis(call -> {});
        SampleFeed feed = new SampleFeed(kinesis, "s", readings(), 10).start();
        while (kinesis.calls.get() < 3) Thread.sleep(1);

        feed.close();
        int afterClose = kinesis.calls.get();
        Thread.sleep(100);

        assertThat(kinesis.calls.get()).isEqualTo(afterClose);
    }

    /** Readings without end and without pacing. */
    private static Iterator<byte[]> readings() {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                return ("{\"device_id\":\"d" + i++ % 5 + "\"}").getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    /** Accepts every PutRecords entry after telling {@code onCall} the call's number (from 1). */
    private static final class FakeKinesis implements KinesisClient {
        final AtomicInteger calls = new AtomicInteger();
        private final IntConsumer onCall;

        FakeKinesis(IntConsumer onCall) {
            this.onCall = onCall;
        }

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            onCall.accept(calls.incrementAndGet());
            return PutRecordsResponse.builder()
                    .failedRecordCount(0)
                    .records(
                            request.records().stream()
                                    .map(r -> PutRecordsResultEntry.builder().build())
                                    .collect(Collectors.toList()))
                    .build();
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {}
    }
}
