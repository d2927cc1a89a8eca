package dev.streamlake.job.source;

import dev.streamlake.udfs.record.KplEscape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.SdkBytes;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.async.SdkPublisher;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponse;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;
import org.apache.flink.streaming.connectors.kinesis.proxy.KinesisProxyAsyncV2Interface;

/**
 * The connector's enhanced fan-out proxy, with every record of every SubscribeToShard event escaped
 * ({@link KplEscape}) before the connector's KCL can de-aggregate it: the connector's response
 * handler gets the event stream through {@code map}. Everything else is delegated.
 */
final class AggregateHidingAsyncProxy implements KinesisProxyAsyncV2Interface {
    private final KinesisProxyAsyncV2Interface kinesis;

    AggregateHidingAsyncProxy(KinesisProxyAsyncV2Interface kinesis) {
        this.kinesis = kinesis;
    }

    @Override
    public CompletableFuture<Void> subscribeToShard(
            SubscribeToShardRequest request, SubscribeToShardResponseHandler responseHandler) {
        return kinesis.subscribeToShard(request, new EscapingHandler(responseHandler));
    }

    @Override
    public void close() {
        kinesis.close();
    }

    /** The event with its records escaped; the same event when none needs it. */
    static SubscribeToShardEventStream escape(SubscribeToShardEventStream event) {
        if (!(event instanceof SubscribeToShardEvent)) return event;
        SubscribeToShardEvent records = (SubscribeToShardEvent) event;
        List<Record> escaped = null;
        List<Record> in = records.records();
        for (int i = 0; i < in.size(); i++) {
            Record record = in.get(i);
            ByteBuffer data = record.data() == null ? null : record.data().asByteBuffer();
            if (data != null && KplEscape.needsEscape(data)) {
                if (escaped == null) escaped = new ArrayList<>(in.subList(0, i));
                escaped.add(
                        record.toBuilder()
                                .data(SdkBytes.fromByteArrayUnsafe(KplEscape.escaped(data)))
                                .build());
            } else if (escaped != null) {
                escaped.add(record);
            }
        }
        return escaped == null ? event : records.toBuilder().records(escaped).build();
    }

    /** Hands the connector's handler the escaped event stream; the rest goes through unchanged. */
    static final class EscapingHandler implements SubscribeToShardResponseHandler {
        private final SubscribeToShardResponseHandler handler;

        EscapingHandler(SubscribeToShardResponseHandler handler) {
            this.handler = handler;
        }

        @Override
        public void responseReceived(SubscribeToShardResponse response) {
            handler.responseReceived(response);
        }

        @Override
        public void onEventStream(SdkPublisher<SubscribeToShardEventStream> publisher) {
            handler.onEventStream(publisher.map(AggregateHidingAsyncProxy::escape));
        }

        @Override
        public void exceptionOccurred(Throwable throwable) {
            handler.exceptionOccurred(throwable);
        }

        @Override
        public void complete() {
            handler.complete();
        }
    }
}
