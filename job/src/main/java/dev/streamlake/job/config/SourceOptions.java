package dev.streamlake.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Property group {@code source}: the Kinesis data stream the job reads. */
public final class SourceOptions {

    public enum InitialPosition {
        LATEST,
        TRIM_HORIZON,
        AT_TIMESTAMP
    }

    public enum Reader {
        /** GetRecords polling: shares each shard's 2 MB/s read limit with other consumers. */
        POLLING,
        /** Enhanced fan-out: a dedicated 2 MB/s per shard for this consumer, pushed over HTTP/2. */
        EFO
    }

    public static final ConfigOption<String> STREAM =
            ConfigOptions.key("source.stream")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kinesis data stream name or ARN (required).");

    public static final ConfigOption<String> REGION =
            ConfigOptions.key("source.region")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "AWS region of the stream; taken from the ARN when source.stream is one.");

    public static final ConfigOption<String> ENDPOINT =
            ConfigOptions.key("source.endpoint")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Endpoint override, e.g. http://127.0.0.1:4568 for kinesis-local or a"
                                    + " VPC endpoint. Unset: the region's public endpoint.");

    public static final ConfigOption<InitialPosition> INITIAL_POSITION =
            ConfigOptions.key("source.initial-position")
                    .enumType(InitialPosition.class)
                    .defaultValue(InitialPosition.LATEST)
                    .withDescription(
                            "Where to start without a checkpoint: LATEST, TRIM_HORIZON or"
                                    + " AT_TIMESTAMP. A restore always resumes where it left off.");

    public static final ConfigOption<String> INITIAL_TIMESTAMP =
            ConfigOptions.key("source.initial-timestamp")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "ISO-8601 instant to start from with AT_TIMESTAMP, e.g."
                                    + " 2026-11-27T09:00:00Z.");

    public static final ConfigOption<Reader> READER =
            ConfigOptions.key("source.reader")
                    .enumType(Reader.class)
                    .defaultValue(Reader.POLLING)
                    .withDescription("POLLING (GetRecords) or EFO (enhanced fan-out).");

    public static final ConfigOption<String> EFO_CONSUMER_NAME =
            ConfigOptions.key("source.efo.consumer-name")
                    .stringType()
                    .defaultValue("streamlake")
                    .withDescription(
                            "Name of the enhanced fan-out consumer registered on the stream (EFO"
                                    + " only); one per application reading the stream.");

    public static final ConfigOption<Duration> POLL_INTERVAL =
            ConfigOptions.key("source.polling.interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription(
                            "Pause between GetRecords calls per shard (POLLING only); Kinesis allows"
                                    + " 5 calls per second per shard across all consumers.");

    public static final ConfigOption<Duration> SHARD_DISCOVERY_INTERVAL =
            ConfigOptions.key("source.shard-discovery.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("How often to look for new shards after a reshard.");

    private SourceOptions() {}
}
