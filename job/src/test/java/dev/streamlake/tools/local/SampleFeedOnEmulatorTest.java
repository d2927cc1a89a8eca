package dev.streamlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.tools.producer.SampleGenerator;
import dev.streamlake.tools.ship.StreamTail;
import java.time.Duration;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@link SampleFeed}'s stop with AWS's SDK client against kinesis-local (a Kinesis API emulator
 * nobody here wrote): what a real client does when it is closed under a send, which {@code
 * SampleFeedTest} can only imitate. The readings close the client themselves, just after the feed
 * took the last reading of a batch, so the send that follows meets a closed client every time.
 */
class SampleFeedOnEmulatorTest {
    @RegisterExtension static final KinesisLocalExtension kinesis = new KinesisLocalExtension();

    private static final int RATE = 50; // batches of 10 readings
    private static final int CLOSE_AT = 35; // within the fourth batch: three were sent

    @Test
    void aSendCutShortByTheStopEndsTheFeedQuietly() {
        String stream = "feed-stopped";
        Kinesis.createStream(kinesis.client(), stream, 1, Duration.ofSeconds(30));
        KinesisClient client = Kinesis.client("us-east-1", kinesis.endpoint());
        SampleFeed[] feed = new SampleFeed[1];
        // As the shutdown hook does: stop the feed, then close its client.
        Iterator<byte[]> readings = closingAt(client, () -> feed[0].stop());
        feed[0] = new SampleFeed(client, stream, readings, RATE);

        feed[0].sendUntilStopped(); // returns: the closed client's failure is the stop's

        assertThat(new StreamTail(kinesis.client(), stream).poll()).isEqualTo(30);
    }

    @Test
    void aClientClosedWhileTheFeedRunsIsAFailure() {
        String stream = "feed-running";
        Kinesis.createStream(kinesis.client(), stream, 1, Duration.ofSeconds(30));
        KinesisClient client = Kinesis.client("us-east-1", kinesis.endpoint());
        SampleFeed feed = new SampleFeed(client, stream, closingAt(client, () -> {}), RATE);

        assertThatThrownBy(feed::sendUntilStopped).isInstanceOf(RuntimeException.class);
        assertThat(new StreamTail(kinesis.client(), stream).poll()).isEqualTo(30);
    }

    /**
     * Unpaced sample readings that, on taking reading {@link #CLOSE_AT}, run {@code beforeClose}
     * and close {@code client}.
     */
    private static Iterator<byte[]> closingAt(KinesisClient client, Runnable beforeClose) {
        Iterator<byte[]> readings = SampleGenerator.generated(0, 42, 5, 0);
        return new Iterator<>() {
            int taken;

            @Override
            public boolean hasNext() {
                return readings.hasNext();
            }

            @Override
            public byte[] next() {
                if (++taken == CLOSE_AT) {
                    beforeClose.run();
                    client.close();
                }
                return readings.next();
            }
        };
    }
}
