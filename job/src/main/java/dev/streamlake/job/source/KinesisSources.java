package dev.streamlake.job.source;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.SourceOptions.Reader;
import dev.streamlake.udfs.record.RawRecord;
import java.util.Properties;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;

/**
 * The one place that chooses and configures the Kinesis source.
 *
 * <p>It is the connector's {@link FlinkKinesisConsumer}: of the two sources in
 * flink-connector-kinesis 4.3.0-1.19 it is the one that offers polling and enhanced fan-out and
 * AT_TIMESTAMP together. It hands over every Kinesis record whole, KPL aggregates included ({@link
 * RawKinesisConsumer} says why the connector must not de-aggregate); the pipeline unpacks them.
 * Credentials always come from the AWS default chain (on Managed Flink the application's role),
 * never from configuration.
 */
public final class KinesisSources {
    private KinesisSources() {}

    public static DataStream<RawRecord> records(StreamExecutionEnvironment env, JobConfig cfg) {
        FlinkKinesisConsumer<RawRecord> consumer =
                new RawKinesisConsumer(cfg.streamName(), consumerProperties(cfg));
        return env.addSource(consumer).uid("kinesis-source").name("Kinesis: " + cfg.streamName());
    }

    /** The connector's properties for a configuration; visible for tests. */
    static Properties consumerProperties(JobConfig cfg) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, cfg.region());
        cfg.endpoint().ifPresent(e -> p.setProperty(AWSConfigConstants.AWS_ENDPOINT, e));
        p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "AUTO");
        p.setProperty(
                ConsumerConfigConstants.STREAM_INITIAL_POSITION, cfg.initialPosition().name());
        cfg.initialTimestamp()
                .ifPresent(
                        t ->
                                p.setProperty(
                                        ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP,
                                        String.valueOf(
                                                t.toEpochMilli()
                                                        / 1000.0))); // epoch seconds, as a double
        p.setProperty(
                ConsumerConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS,
                String.valueOf(cfg.shardDiscoveryInterval().toMillis()));
        if (cfg.reader() == Reader.EFO) {
            p.setProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE, "EFO");
            p.setProperty(ConsumerConfigConstants.EFO_CONSUMER_NAME, cfg.efoConsumerName());
        } else {
            p.setProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE, "POLLING");
            p.setProperty(
                    ConsumerConfigConstants.SHARD_GETRECORDS_INTERVAL_MILLIS,
                    String.valueOf(cfg.pollInterval().toMillis()));
        }
        return p;
    }
}
