package dev.streamlake.job.source;

import static dev.streamlake.job.config.JobSettings.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.JobSettings;
import dev.streamlake.job.config.JobSettings.Setting;
import dev.streamlake.job.config.SourceOptions;
import java.time.Instant;
import java.util.Properties;
import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.util.KinesisConfigUtil;
import org.junit.jupiter.api.Test;

class KinesisSourcesTest {

    private static Properties propertiesFor(Setting... settings) {
        return KinesisSources.consumerProperties(
                JobConfig.fromMap(JobSettings.with(JobSettings.minimal(), settings)));
    }

    @Test
    void pollsByDefaultWithConfiguredInterval() {
        Properties p =
                propertiesFor(
                        set(SourceOptions.POLL_INTERVAL, "250 ms"),
                        set(SourceOptions.SHARD_DISCOVERY_INTERVAL, "30 s"));

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
                        set(SourceOptions.READER, "EFO"),
                        set(SourceOptions.EFO_CONSUMER_NAME, "lake-writer"));

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
        Properties p = propertiesFor(set(SourceOptions.ENDPOINT, "http://127.0.0.1:4568"));

        assertThat(p.getProperty(AWSConfigConstants.AWS_ENDPOINT))
                .isEqualTo("http://127.0.0.1:4568");
    }

    @Test
    void passesAtTimestampAsEpochSeconds() {
        Instant start = Instant.parse("2026-11-27T09:00:00.250Z");
        Properties p =
                propertiesFor(
                        set(SourceOptions.INITIAL_POSITION, "AT_TIMESTAMP"),
                        set(SourceOptions.INITIAL_TIMESTAMP, start.toString()));

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
                            set(SourceOptions.INITIAL_POSITION, "AT_TIMESTAMP"),
                            set(SourceOptions.INITIAL_TIMESTAMP, t));
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
                    propertiesFor(set(SourceOptions.READER, "EFO")),
                    propertiesFor(
                            set(SourceOptions.ENDPOINT, "http://127.0.0.1:4568"),
                            set(SourceOptions.INITIAL_POSITION, "TRIM_HORIZON")),
                    propertiesFor(
                            set(SourceOptions.INITIAL_POSITION, "AT_TIMESTAMP"),
                            set(SourceOptions.INITIAL_TIMESTAMP, "2026-11-27T09:00:00Z"))
                }) {
            assertThatCode(() -> KinesisConfigUtil.validateConsumerConfiguration(p))
                    .as("%s", p)
                    .doesNotThrowAnyException();
        }
    }
}
