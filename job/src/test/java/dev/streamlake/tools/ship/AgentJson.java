package dev.streamlake.tools.ship;

import java.nio.file.Path;

/** The agent.json of a test that ships one folder's log to one Kinesis stream. */
public final class AgentJson {
    private AgentJson() {}

    /**
     * One flow from the start of the files matching {@code filePattern} to {@code stream} at {@code
     * endpoint}, sent at least every second; {@code moreFlowFields} (e.g. {@code
     * "\"maxBufferSizeRecords\": 50"}) join the flow's fields.
     */
    public static String oneFlow(
            Path checkpointFile,
            String endpoint,
            String stream,
            String filePattern,
            String... moreFlowFields) {
        StringBuilder flow =
                new StringBuilder()
                        .append("{\"kinesisStream\": \"")
                        .append(stream)
                        .append("\", \"filePattern\": \"")
                        .append(filePattern)
                        .append("\", \"initialPosition\": \"START_OF_FILE\"")
                        .append(", \"maxBufferAgeMillis\": 1000");
        for (String field : moreFlowFields) flow.append(", ").append(field);
        flow.append('}');
        return "{\"checkpointFile\": \""
                + checkpointFile
                + "\", \"kinesis.endpoint\": \""
                + endpoint
                + "\", \"flows\": ["
                + flow
                + "]}";
    }
}
