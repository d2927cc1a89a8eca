package dev.streamlake.tools.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** agent.json read as the agent reads it, every key the shipper does not honour named. */
class AgentConfigTest {
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-12-02T01:02:03.456Z"), ZoneOffset.UTC);

    @Test
    void readsEveryFlowOptionWithTheAgentsDefaults() {
        AgentConfig c =
                AgentConfig.parse(
                        "{\n"
                                + "  // comments, as the agent allows\n"
                                + "  \"checkpointFile\": \"/tmp/cp.json\", \"kinesis.endpoint\": \"http://127.0.0.1:4568\",\n"
                                + "  \"kinesis.region\": \"eu-west-1\", \"shutdownTimeoutMillis\": \"5000\",\n"
                                + "  \"flows\": [\n"
                                + "    {\"kinesisStream\": \"s1\", \"filePattern\": \"/var/log/app/*.log\"},\n"
                                + "    {\"kinesisStream\": \"s2\", \"filePattern\": \"/var/log/x.log*\", \"initialPosition\": \"START_OF_FILE\",\n"
                                + "     \"skipHeaderLines\": 2, \"multiLineStartPattern\": \"^\\\\[\", \"truncatedRecordTerminator\": \"...\\n\",\n"
                                + "     \"partitionKeyOption\": \"DETERMINISTIC\", \"maxBufferAgeMillis\": 1000, \"maxBufferSizeRecords\": 10,\n"
                                + "     \"maxBufferSizeBytes\": 2048}\n"
                                + "  ]}",
                        CLOCK);
        assertThat(c.notes).isEmpty();
        assertThat(c.endpoint).isEqualTo("http://127.0.0.1:4568");
        assertThat(c.region).isEqualTo("eu-west-1");
        assertThat(c.checkpointFile.toString()).isEqualTo("/tmp/cp.json");
        assertThat(c.shutdownTimeoutMillis).isEqualTo(5000);
        FlowConfig d = c.flows.get(0);
        assertThat(d.id).isEqualTo("kinesis:s1:/var/log/app/*.log");
        assertThat(d.initialPosition).isEqualTo(FlowConfig.InitialPosition.END_OF_FILE);
        assertThat(d.partitionKeyOption).isEqualTo(FlowConfig.PartitionKeyOption.RANDOM);
        assertThat(d.maxBufferAgeMillis).isEqualTo(60_000);
        assertThat(d.maxBufferSizeRecords).isEqualTo(500);
        assertThat(d.maxBufferSizeBytes).isEqualTo(5 * 1024 * 1024);
        assertThat(new String(d.truncatedRecordTerminator, StandardCharsets.UTF_8)).isEqualTo("\n");
        assertThat(d.multiLineStart).isNull();
        FlowConfig f = c.flows.get(1);
        assertThat(f.initialPosition).isEqualTo(FlowConfig.InitialPosition.START_OF_FILE);
        assertThat(f.skipHeaderLines).isEqualTo(2);
        assertThat(f.multiLineStart.pattern()).isEqualTo("^\\[");
        assertThat(f.partitionKeyOption).isEqualTo(FlowConfig.PartitionKeyOption.DETERMINISTIC);
        assertThat(
                        List.of(
                                f.maxBufferAgeMillis,
                                (long) f.maxBufferSizeRecords,
                                (long) f.maxBufferSizeBytes))
                .containsExactly(1000L, 10L, 2048L);
        assertThat(new String(f.truncatedRecordTerminator, StandardCharsets.UTF_8))
                .isEqualTo("...\n");
    }

    @Test
    void namesEveryKeyItIgnoresCannotHonourOrDoesNotKnowAndSkipsFirehoseFlows() {
        AgentConfig c =
                AgentConfig.parse(
                        "{\"cloudwatch.emitMetrics\": true, \"awsAccessKeyId\": \"AKIA\","
                                + " \"maxSendingThreads\": 4, \"colour\": \"blue\", \"flows\": ["
                                + "{\"deliveryStream\": \"fh\", \"filePattern\": \"/a/b.log\"},"
                                + "{\"kinesisStream\": \"s\", \"filePattern\": \"/a/c.log\", \"retryMaxBackoffMillis\": 5,"
                                + " \"publishQueueCapacity\": 3, \"typo\": 1, \"dataProcessingOptions\": ["
                                + "{\"optionName\": \"ADDEC2METADATA\"}, {\"optionName\": \"SINGLELINE\", \"extra\": 1}]}]}",
                        CLOCK);
        assertThat(c.flows).hasSize(1);
        assertThat(c.notes)
                .hasSize(10)
                .anySatisfy(n -> assertThat(n).startsWith("flows[0].deliveryStream: Firehose"))
                .anySatisfy(n -> assertThat(n).startsWith("cloudwatch.emitMetrics: not supported"))
                .anySatisfy(n -> assertThat(n).startsWith("awsAccessKeyId: not supported"))
                .anySatisfy(n -> assertThat(n).startsWith("maxSendingThreads: ignored"))
                .anySatisfy(n -> assertThat(n).startsWith("colour: unknown key"))
                .anySatisfy(
                        n ->
                                assertThat(n)
                                        .startsWith(
                                                "flows[1].retryMaxBackoffMillis: not supported"))
                .anySatisfy(n -> assertThat(n).startsWith("flows[1].publishQueueCapacity: ignored"))
                .anySatisfy(n -> assertThat(n).startsWith("flows[1].typo: unknown key"))
                .anySatisfy(
                        n ->
                                assertThat(n)
                                        .startsWith(
                                                "flows[1].dataProcessingOptions[1].extra: unknown key"))
                .anySatisfy(
                        n ->
                                assertThat(n)
                                        .startsWith(
                                                "flows[1].dataProcessingOptions[0].optionName: ADDEC2METADATA"));
        assertThat(String.join("\n", c.notes)).doesNotContain("AKIA");
    }

    @Test
    void badValuesAreRefusedNamingTheirKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> flow("\"maxBufferAgeMillis\": 500"))
                .withMessage("flows[0].maxBufferAgeMillis: 500 is outside 1000..900000");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> flow("\"maxBufferSizeRecords\": 501"))
                .withMessage("flows[0].maxBufferSizeRecords: 501 is outside 1..500");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> flow("\"initialPosition\": \"MIDDLE\""))
                .withMessage(
                        "flows[0].initialPosition: \"MIDDLE\" is not one of [START_OF_FILE, END_OF_FILE]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> flow("\"multiLineStartPattern\": \"(\""))
                .withMessageStartingWith("flows[0].multiLineStartPattern: ");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                AgentConfig.parse(
                                        "{\"flows\": [{\"kinesisStream\": \"s\", \"filePattern\": \"/var/*/x.log\"}]}",
                                        CLOCK))
                .withMessageStartingWith(
                        "flows[0].filePattern: globs are allowed in the file name only");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                flow(
                                        "\"dataProcessingOptions\": [{\"optionName\": "
                                                + "\"LOGTOJSON\", \"logFormat\": \"COMMONAPACHELOG\", \"customFieldNames\": [\"a\"]}]"))
                .withMessageStartingWith(
                        "flows[0].dataProcessingOptions[0].customFieldNames: COMMONAPACHELOG has 7 fields");
    }

    private static AgentConfig flow(String extra) {
        return AgentConfig.parse(
                "{\"flows\": [{\"kinesisStream\": \"s\", \"filePattern\": \"/a/b.log\", "
                        + extra
                        + "}]}",
                CLOCK);
    }
}
