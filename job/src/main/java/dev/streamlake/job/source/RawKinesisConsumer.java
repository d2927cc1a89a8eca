package dev.streamlake.job.source;

import dev.streamlake.udfs.record.RawRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.internals.KinesisDataFetcher;
import org.apache.flink.streaming.connectors.kinesis.proxy.KinesisProxy;
import org.apache.flink.streaming.connectors.kinesis.proxy.KinesisProxyV2Factory;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;

/**
 * The connector's {@link FlinkKinesisConsumer}, whose fetcher reads through proxies that escape KPL
 * aggregates ({@link AggregateHidingProxy}, {@link AggregateHidingAsyncProxy}), so the connector
 * hands over every Kinesis record whole and never de-aggregates: the job unpacks aggregates itself,
 * after the source ("Unpack KPL aggregates").
 *
 * <p>Why: the connector de-aggregates with the KCL's {@code UserRecord.deaggregate(records,
 * startingHashKey, endingHashKey)}, which silently discards a whole aggregate once one user
 * record's hash key is outside the shard's range (npm {@code aws-kinesis-agg} mixes the keys of all
 * shards in one aggregate), passes an aggregate with a bad MD5 or an unparsable protobuf on as one
 * raw record, and of a protobuf that parses but is broken (an index outside its table, a hash key
 * that is no number) keeps the user records before the broken one and drops the rest with only a
 * log line ({@code KclDeaggregationTest} shows each).
 *
 * <p>It is a {@link ReleasingKinesisConsumer}, so a session cluster can unload the job.
 *
 * <p>Everything else is the connector's: the same fetcher (built as {@link #createFetcher} of 4.3.0
 * builds it, with the consumer's shard assigner, watermark assigner and tracker), the same
 * connector proxies inside ours, and the same operator state, so savepoints stay compatible.
 */
final class RawKinesisConsumer extends ReleasingKinesisConsumer<RawRecord> {
    private static final long serialVersionUID = 1L;

    RawKinesisConsumer(String stream, Properties config) {
        super(stream, new RawRecordSchema(), config);
    }

    @Override
    protected KinesisDataFetcher<RawRecord> createFetcher(
            List<String> streams,
            SourceFunction.SourceContext<RawRecord> sourceContext,
            RuntimeContext runtimeContext,
            Properties configProps,
            KinesisDeserializationSchema<RawRecord> deserializationSchema) {
        return new Fetcher(
                streams, sourceContext, runtimeContext, configProps, deserializationSchema, this);
    }

    /** The connector's fetcher; a subclass only to reach its constructor that takes the proxies. */
    private static final class Fetcher extends KinesisDataFetcher<RawRecord> {
        Fetcher(
                List<String> streams,
                SourceFunction.SourceContext<RawRecord> sourceContext,
                RuntimeContext runtimeContext,
                Properties configProps,
                KinesisDeserializationSchema<RawRecord> deserializationSchema,
                RawKinesisConsumer consumer) {
            // As KinesisDataFetcher's public constructor fills in the rest (connector 4.3.0).
            super(
                    streams,
                    sourceContext,
                    sourceContext.getCheckpointLock(),
                    runtimeContext,
                    configProps,
                    deserializationSchema,
                    consumer.getShardAssigner(),
                    consumer.getPeriodicWatermarkAssigner(),
                    consumer.getWatermarkTracker(),
                    new AtomicReference<>(),
                    new ArrayList<>(),
                    createInitialSubscribedStreamsToLastDiscoveredShardsState(streams),
                    config -> new AggregateHidingProxy(KinesisProxy.create(config)),
                    config ->
                            new AggregateHidingAsyncProxy(
                                    KinesisProxyV2Factory.createKinesisProxyAsyncV2(config)));
        }
    }
}
