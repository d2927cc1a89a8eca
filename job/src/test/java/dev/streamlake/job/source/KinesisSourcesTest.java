package dev.streamlake.job.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.streamlake.job.config.JobSettings;
import dev.streamlake.job.config.SourceOptions;
import java.time.Instant;
import java.util.Properties;
import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.util.KinesisConfigUtil;
import org.junit.jupiter.api.Test;

class KinesisSourcesTest {

    private static Properties propertiesFor(String... keysAndValues) {
        return KinesisSources.consumerProperties(JobSettings.config(keysAndValues));
    }

    @Test
    void pollsByDefaultWithConfiguredInterval() {
        Properties p =
                propertiesFor(
                        SourceOptions.POLL_INTERVAL.key(),
                        "250 ms",
                        SourceOptions.SHARD_DISCOVERY_INTERVAL.key(),
                        "30 s");

        assertThat(p.getProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE))
                .isEqualTo("POLLING");
        assertThat(p.getProperty(ConsumerConfigConstants.SHARD_GETRECORDS_INTERVAL_MILLIS))
                .isEqualTo("250");
        assertThat(p.getProperty(ConsumerConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS))
                .isEqualTo("30000");
        assertThat(p).doesNotContainKey(ConsumerConfigConstants.EFO_CONSUMER_NAME);
    }

    @Test
    void usesEnhancedFanOutWithConsumerName() {
        Properties p =
                propertiesFor(
                        SourceOptions.READER.key(),
                        "EFO",
                        SourceOptions.EFO_CONSUMER_NAME.key(),
                        "lake-writer");

        assertThat(p.getProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE)).isEqualTo("EFO");
        assertThat(p.getProperty(ConsumerConfigConstants.EFO_CONSUMER_NAME))
                .isEqualTo("lake-writer");
        assertThat(p).doesNotContainKey(ConsumerConfigConstants.SHARD_GETRECORDS_INTERVAL_MILLIS);
    }

    @Test
    void setsRegionAndDefaultCredentialChain() {
        Properties p = propertiesFor();

        assertThat(p.getProperty(AWSConfigConstants.AWS_REGION)).isEqualTo("eu-west-1");
        assertThat(p.getProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER)).isEqualTo("AUTO");
        assertThat(p.getProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION))
                .isEqualTo("LATEST");
        assertThat(p)
                .doesNotContainKey(AWSConfigConstants.AWS_ENDPOINT)
                .doesNotContainKey(ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP);
    }

    @Test
    void setsEndpointOnlyWhenConfigured() {
        Properties p = propertiesFor(SourceOptions.ENDPOINT.key(), "http://127.0.0.1:4568");

        assertThat(p.getProperty(AWSConfigConstants.AWS_ENDPOINT))
                .isEqualTo("http://127.0.0.1:4568");
    }

    @Test
    void passesAtTimestampAsEpochSeconds() {
        Instant start = Instant.parse("2026-11-27T09:00:00.250Z");
        Properties p =
                propertiesFor(
                        SourceOptions.INITIAL_POSITION.key(),
                        "AT_TIMESTAMP",
                        SourceOptions.INITIAL_TIMESTAMP.key(),
                        start.toString());

        assertThat(p.getProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION))
                .isEqualTo("AT_TIMESTAMP");
        assertThat(
                        Double.parseDouble(
                                p.getProperty(ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP)))
                .isEqualTo(start.toEpochMilli() / 1000.0);
        // The connector reads it back as the same instant.
        assertThat(KinesisConfigUtil.parseStreamTimestampStartingPosition(p).toInstant())
                .isEqualTo(start);
    }

    @Test
    void connectorReadsAtTimestampToTheMillisecond() {
        for (String t :
                new String[] {
                    "2026-11-27T09:00:00.123Z",
                    "2026-11-27T09:00:00.001Z",
                    "2030-01-01T00:00:00.999Z"
                }) {
            Properties p =
                    propertiesFor(
                            SourceOptions.INITIAL_POSITION.key(),
                            "AT_TIMESTAMP",
                            SourceOptions.INITIAL_TIMESTAMP.key(),
                            t);
            assertThat(KinesisConfigUtil.parseStreamTimestampStartingPosition(p).toInstant())
                    .as(t)
                    .isEqualTo(Instant.parse(t));
        }
    }

    @Test
    void passesTheConnectorsOwnValidation() {
        for (Properties p :
                new Properties[] {
                    propertiesFor(),
                    propertiesFor(SourceOptions.READER.key(), "EFO"),
                    propertiesFor(
                            SourceOptions.ENDPOINT.key(),
                            "http://127.0.0.1:4568",
                            SourceOptions.INITIAL_POSITION.key(),
                            "TRIM_HORIZON"),
                    propertiesFor(
                            SourceOptions.INITIAL_POSITION.key(),
                            "AT_TIMESTAMP",
                            SourceOptions.INITIAL_TIMESTAMP.key(),
                            "2026-11-27T09:00:00Z")
                }) {
            assertThatCode(() -> KinesisConfigUtil.validateConsumerConfiguration(p))
                    .as("%s", p)
                    .doesNotThrowAnyException();
        }
    }
}
