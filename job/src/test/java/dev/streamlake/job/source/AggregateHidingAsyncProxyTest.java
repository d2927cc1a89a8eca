package dev.streamlake.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.udfs.record.KplAggregate;
import dev.streamlake.udfs.record.KplEscape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.flink.kinesis.shaded.org.reactivestreams.Publisher;
import org.apache.flink.kinesis.shaded.org.reactivestreams.Subscriber;
import org.apache.flink.kinesis.shaded.org.reactivestreams.Subscription;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.SdkBytes;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.async.SdkPublisher;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;
import org.apache.flink.streaming.connectors.kinesis.proxy.KinesisProxyAsyncV2Interface;
import org.junit.jupiter.api.Test;

/**
 * The enhanced fan-out proxy rewrites the records of each event on their way to a handler built
 * with the SDK's own builder, as the connector's {@code FanOutShardSubscriber} builds it.
 */
class AggregateHidingAsyncProxyTest {
    private static final byte[] AGGREGATE =
            KclAggregates.of(List.of(Map.entry("a", "{}"), Map.entry("b", "{}")));
    private static final byte[] JSON = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LEADING_FF = {(byte) 0xFF, 1};

    private static Record record(byte[] data, String sequenceNumber) {
        return Record.builder()
                .data(SdkBytes.fromByteArray(data))
                .partitionKey("k")
                .sequenceNumber(sequenceNumber)
                .build();
    }

    private static byte[] bytes(Record r) {
        return r.data().asByteArray();
    }

    @Test
    void theConnectorsHandlerGetsEveryEventWithItsRecordsEscapedAndTheRestUntouched() {
        SubscribeToShardEvent first =
                SubscribeToShardEvent.builder()
                        .records(
                                record(JSON, "1"),
                                record(AGGREGATE, "2"),
                                record(LEADING_FF, "3"),
                                record(JSON, "4"))
                        .continuationSequenceNumber("4")
                        .millisBehindLatest(7L)
                        .build();
        SubscribeToShardEvent second =
                SubscribeToShardEvent.builder()
                        .records(record(JSON, "5"))
                        .continuationSequenceNumber("5")
                        .millisBehindLatest(0L)
                        .build();
        List<SubscribeToShardEventStream> seen = new ArrayList<>();
        SubscribeToShardResponseHandler connectorsHandler =
                SubscribeToShardResponseHandler.builder()
                        .subscriber((Consumer<SubscribeToShardEventStream>) seen::add)
                        .build();
        KinesisProxyAsyncV2Interface kinesis =
                new AggregateHidingAsyncProxy(new FakeKinesis(List.of(first, second)));

        kinesis.subscribeToShard(
                        SubscribeToShardRequest.builder().shardId("shardId-0").build(),
                        connectorsHandler)
                .join();

        assertThat(seen).hasSize(2);
        SubscribeToShardEvent out = (SubscribeToShardEvent) seen.get(0);
        assertThat(out.continuationSequenceNumber()).isEqualTo("4");
        assertThat(out.millisBehindLatest()).isEqualTo(7L);
        assertThat(out.records())
                .extracting(Record::sequenceNumber)
                .containsExactly("1", "2", "3", "4");
        assertThat(out.records().get(0)).isSameAs(first.records().get(0));
        assertThat(out.records().get(3)).isSameAs(first.records().get(3));
        assertThat(bytes(out.records().get(1))[0]).isEqualTo(KplEscape.ESCAPE);
        assertThat(KplAggregate.hasMagic(bytes(out.records().get(1)))).isFalse();
        assertThat(KplEscape.unescape(bytes(out.records().get(1)))).containsExactly(AGGREGATE);
        assertThat(KplEscape.unescape(bytes(out.records().get(2)))).containsExactly(LEADING_FF);
        assertThat(seen.get(1)).as("nothing to escape: the same event").isSameAs(second);
    }

    /** Calls the handler as the SDK does: the response, then the event stream. */
    private static final class FakeKinesis implements KinesisProxyAsyncV2Interface {
        private final List<SubscribeToShardEventStream> events;

        FakeKinesis(List<? extends SubscribeToShardEventStream> events) {
            this.events = new ArrayList<>(events);
        }

        @Override
        public CompletableFuture<Void> subscribeToShard(
                SubscribeToShardRequest request, SubscribeToShardResponseHandler handler) {
            handler.onEventStream(SdkPublisher.adapt(new ListPublisher(events)));
            handler.complete();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {}
    }

    /** A synchronous reactive-streams publisher of a list, honouring demand. */
    private static final class ListPublisher implements Publisher<SubscribeToShardEventStream> {
        private final List<SubscribeToShardEventStream> items;

        ListPublisher(List<SubscribeToShardEventStream> items) {
            this.items = items;
        }

        @Override
        public void subscribe(Subscriber<? super SubscribeToShardEventStream> subscriber) {
            Iterator<SubscribeToShardEventStream> it = items.iterator();
            subscriber.onSubscribe(
                    new Subscription() {
                        private boolean done;

                        @Override
                        public void request(long n) {
                            for (long i = 0; i < n && it.hasNext(); i++)
                                subscriber.onNext(it.next());
                            if (!it.hasNext() && !done) {
                                done = true;
                                subscriber.onComplete();
                            }
                        }

                        @Override
                        public void cancel() {
                            done = true;
                        }
                    });
        }
    }
}
