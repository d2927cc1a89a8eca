package dev.streamlake.tools.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dataProcessingOptions steps on the sample lines of AWS's Kinesis Agent guide ("Use the agent
 * to pre-process data", Amazon Kinesis Data Streams developer guide), with the field names the
 * agent's parsers give them.
 */
class ConvertersTest {
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-12-02T01:02:03.456Z"), ZoneOffset.UTC);

    @Test
    void logToJsonParsesEachOfTheAgentsFormats() throws Exception {
        assertThat(
                        run(
                                "{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"COMMONAPACHELOG\"}",
                                "64.242.88.10 - - [07/Mar/2004:16:10:02 -0800] \"GET /mailman/listinfo/hsdivision HTTP/1.1\" 200 6291\n"))
                .isEqualTo(
                        "{\"host\":\"64.242.88.10\",\"ident\":null,\"authuser\":null,\"datetime\":\"07/Mar/2004:16:10:02 -0800\","
                                + "\"request\":\"GET /mailman/listinfo/hsdivision HTTP/1.1\",\"response\":\"200\",\"bytes\":\"6291\"}\n");
        assertThat(
                        run(
                                "{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"COMBINEDAPACHELOG\"}",
                                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326 \"http://x/\" \"Mozilla/4.08\"\n"))
                .endsWith(
                        "\"bytes\":\"2326\",\"referer\":\"http://x/\",\"agent\":\"Mozilla/4.08\"}\n");
        assertThat(
                        run(
                                "{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"APACHEERRORLOG\"}",
                                "[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187] File does not exist: /a\n"))
                .isEqualTo(
                        "{\"timestamp\":\"Fri Sep 09 10:42:29.902022 2011\",\"module\":\"core\",\"severity\":\"error\","
                                + "\"processid\":\"35708\",\"threadid\":\"4328636416\",\"client\":\"72.15.99.187\","
                                + "\"message\":\"File does not exist: /a\"}\n");
        assertThat(
                        run(
                                "{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"SYSLOG\"}",
                                "Mar 12 12:00:08 server2 rcd[308]: Loaded 12 packages in 'ximian-red-carpet|351' (0.01878 seconds)\n"))
                .isEqualTo(
                        "{\"timestamp\":\"Mar 12 12:00:08\",\"hostname\":\"server2\",\"program\":\"rcd\",\"processid\":\"308\","
                                + "\"message\":\"Loaded 12 packages in 'ximian-red-carpet|351' (0.01878 seconds)\"}\n");
        assertThat(
                        run(
                                "{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"RFC3339SYSLOG\"}",
                                "2026-12-02T01:02:03.456+00:00 host-a sshd: Accepted key\n"))
                .isEqualTo(
                        "{\"timestamp\":\"2026-12-02T01:02:03.456+00:00\",\"hostname\":\"host-a\",\"program\":\"sshd\","
                                + "\"processid\":null,\"message\":\"Accepted key\"}\n");
        assertThat(
                        run(
                                "{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"SYSLOG\"}",
                                "not a syslog line\n"))
                .isNull();
        assertThat(
                        run(
                                "{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"COMMONAPACHELOG\", \"matchPattern\": "
                                        + "\"^([\\\\w.]+) (\\\\d+)\", \"customFieldNames\": [\"h\", \"n\"]}",
                                "a.b 42\n"))
                .isEqualTo("{\"h\":\"a.b\",\"n\":\"42\"}\n");
    }

    @Test
    void csvSingleLineAndMetadataStepsChainInOrder() throws Exception {
        assertThat(
                        run(
                                "{\"optionName\": \"CSVTOJSON\", \"customFieldNames\": [\"a\", \"b\", \"c\"], \"delimiter\": \"\\\\t\"}",
                                "1\t2\n"))
                .isEqualTo("{\"a\":\"1\",\"b\":\"2\",\"c\":null}\n");
        assertThat(run("{\"optionName\": \"SINGLELINE\"}", "  x\n   y  \n")).isEqualTo("xy\n");
        assertThat(
                        run(
                                "{\"optionName\": \"SINGLELINE\", \"parseOptions\": [\"NO_TRIM\", \"ESCAPE_NEW_LINE\"]}",
                                " x\n y\n"))
                .isEqualTo(" x\\n y\n");
        assertThat(
                        run(
                                "{\"optionName\": \"ADDMETADATA\", \"timestamp\": \"true\", \"metadata\": {\"env\": \"prod\"}}",
                                "hi\n"))
                .isEqualTo(
                        "{\"ts\":\"2026-12-02T01:02:03.456Z\",\"metadata\":{\"env\":\"prod\"},\"data\":\"hi\"}\n");
        List<RecordConverter> chain =
                AgentConfig.parse(
                                "{\"flows\": [{\"kinesisStream\": \"s\", \"filePattern\": \"/a/b\","
                                        + "\"dataProcessingOptions\": [{\"optionName\": \"CSVTOJSON\", \"customFieldNames\": [\"k\"]},"
                                        + "{\"optionName\": \"ADDMETADATA\", \"metadata\": 1, \"jsonFormat\": \"PRETTYPRINT\"}]}]}",
                                CLOCK)
                        .flows
                        .get(0)
                        .converters;
        byte[] r = "v\n".getBytes(StandardCharsets.UTF_8);
        for (RecordConverter c : chain) r = c.convert(r);
        assertThat(new String(r, StandardCharsets.UTF_8))
                .contains("\"data\" : \"{\\\"k\\\":\\\"v\\\"}\"")
                .contains("\n  ");
    }

    private static String run(String option, String line) throws Exception {
        List<RecordConverter> chain =
                AgentConfig.parse(
                                "{\"flows\": [{\"kinesisStream\": \"s\", \"filePattern\": \"/a/b\","
                                        + "\"dataProcessingOptions\": ["
                                        + option
                                        + "]}]}",
                                CLOCK)
                        .flows
                        .get(0)
                        .converters;
        byte[] out = chain.get(0).convert(line.getBytes(StandardCharsets.UTF_8));
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }
}
