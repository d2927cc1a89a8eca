package dev.streamlake.tools.ship;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.tools.producer.KinesisProducer;
import dev.streamlake.tools.ship.FlowConfig.InitialPosition;
import dev.streamlake.tools.ship.FlowConfig.PartitionKeyOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The Kinesis Agent's {@code agent.json}, read as the agent reads it (awslabs/amazon-kinesis-agent
 * {@code AgentConfiguration}, {@code FileFlow}, {@code KinesisFileFlow}): the same keys, defaults
 * and valid ranges. What the shipper does not do is not silently dropped: every key it ignores,
 * cannot honour, or does not know is listed in {@link #notes} by its path, and {@code
 * deliveryStream} (Firehose) flows are listed there and not run.
 */
final class AgentConfig {
    /** The agent's default; it is the agent's own SQLite file there, which we refuse to share. */
    static final String DEFAULT_CHECKPOINT_FILE = "/var/run/aws-kinesis-agent/checkpoints";

    static final int MAX_RECORD_BYTES =
            1024 * 1024; // Kinesis' record limit, partition key included

    /** Top-level keys that tune the agent's own machinery and mean nothing here. */
    private static final Set<String> IGNORED =
            Set.of(
                    "maxSendingThreads",
                    "maxSendingThreadsPerCore",
                    "sendingThreadsKeepAliveMillis",
                    "sendingThreadsMaxQueueSize",
                    "maxConnections",
                    "connectionTimeoutMillis",
                    "connectionTTLMillis",
                    "socketTimeoutMillis",
                    "useTcpKeepAlive",
                    "useHttpGzip",
                    "checkpointTimeToLiveDays",
                    "userAgentOverride",
                    "userAgent",
                    "log.emitMetrics",
                    "log.emitInternalMetrics",
                    "log.statusReportingPeriodSeconds",
                    "firehose.endpoint",
                    "firehose.region");

    /** Top-level keys of features the shipper does not have. */
    private static final Set<String> UNSUPPORTED =
            Set.of(
                    "awsAccessKeyId",
                    "awsSecretAccessKey",
                    "assumeRoleARN",
                    "assumeRoleExternalId",
                    "sts.endpoint",
                    "cloudwatch.emitMetrics",
                    "cloudwatch.endpoint",
                    "cloudwatch.tagInstance",
                    "cloudwatch.metricsBufferTimeMillis",
                    "cloudwatch.namespace",
                    "cloudwatch.metricsQueueSize");

    private static final Set<String> IGNORED_FLOW =
            Set.of(
                    "waitOnFullPublishQueueMillis",
                    "waitOnEmptyPublishQueueMillis",
                    "waitOnFullRetryQueueMillis",
                    "publishQueueCapacity",
                    "maxTimeBetweenFileTrackerRefreshMillis",
                    "log.emitInternalMetrics");
    private static final Set<String> UNSUPPORTED_FLOW =
            Set.of("retryInitialBackoffMillis", "retryMaxBackoffMillis", "fileFooterPattern");

    final List<FlowConfig> flows;
    final String endpoint;
    final String region;
    final Path checkpointFile;
    final long shutdownTimeoutMillis;

    /** Keys ignored, unsupported or unknown, and flows not run: one line each, by path. */
    final List<String> notes;

    private AgentConfig(
            List<FlowConfig> flows,
            String endpoint,
            String region,
            Path checkpointFile,
            long shutdownTimeoutMillis,
            List<String> notes) {
        this.flows = flows;
        this.endpoint = endpoint;
        this.region = region;
        this.checkpointFile = checkpointFile;
        this.shutdownTimeoutMillis = shutdownTimeoutMillis;
        this.notes = notes;
    }

    static AgentConfig read(Path file, Clock clock) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static AgentConfig parse(String json, Clock clock) {
        JsonNode root;
        try {
            // The agent's Jackson reads comments in agent.json; so do we.
            root = new ObjectMapper().enable(JsonParser.Feature.ALLOW_COMMENTS).readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        if (root == null) throw new IllegalArgumentException("empty");
        ConfigObject top = new ConfigObject(root, "");
        List<String> notes = new ArrayList<>();
        String endpoint = top.string("kinesis.endpoint", null);
        String region = top.string("kinesis.region", null);
        Path checkpoints = Path.of(top.string("checkpointFile", DEFAULT_CHECKPOINT_FILE));
        long shutdown = top.number("shutdownTimeoutMillis", 10_000L, 0, Long.MAX_VALUE);
        List<FlowConfig> flows = new ArrayList<>();
        for (ConfigObject flow : top.objects("flows")) {
            if (flow.has("deliveryStream")) {
                notes.add(
                        flow.path("deliveryStream")
                                + ": Firehose delivery streams are not supported, flow not "
                                + "run: give it a kinesisStream that the job reads instead");
                continue;
            }
            flows.add(flow(flow, clock, notes));
        }
        noteUnreadKeys(
                top,
                IGNORED,
                "tunes the agent's own sender",
                UNSUPPORTED,
                key ->
                        key.startsWith("cloudwatch")
                                ? " (no CloudWatch metrics: progress goes to stderr)"
                                : " (credentials come from the AWS default chain: environment, profile, instance role)",
                notes);
        return new AgentConfig(
                List.copyOf(flows), endpoint, region, checkpoints, shutdown, List.copyOf(notes));
    }

    private static FlowConfig flow(ConfigObject o, Clock clock, List<String> notes) {
        String stream = o.requiredString("kinesisStream");
        String pattern = o.requiredString("filePattern");
        if (pattern.endsWith("/"))
            throw new IllegalArgumentException(o.path("filePattern") + ": no file name");
        Path path = Path.of(pattern);
        Path dir = path.getParent();
        if (dir == null || !path.isAbsolute()) {
            throw new IllegalArgumentException(
                    o.path("filePattern") + ": \"" + pattern + "\" must be an absolute path");
        }
        if (dir.toString().matches(".*[*?\\[\\]{}].*")) {
            throw new IllegalArgumentException(
                    o.path("filePattern")
                            + ": globs are allowed in the file name only "
                            + "(as in the agent), not in \""
                            + dir
                            + "\"");
        }
        String multiLine = o.string("multiLineStartPattern", null);
        Pattern start;
        try {
            start = multiLine == null || multiLine.isEmpty() ? null : Pattern.compile(multiLine);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    o.path("multiLineStartPattern") + ": " + e.getDescription(), e);
        }
        byte[] terminator =
                o.string("truncatedRecordTerminator", "\n").getBytes(StandardCharsets.UTF_8);
        if (terminator.length == 0 || terminator.length >= MAX_RECORD_BYTES / 2) {
            throw new IllegalArgumentException(
                    o.path("truncatedRecordTerminator") + ": empty or too long");
        }
        FlowConfig flow =
                new FlowConfig(
                        "kinesis:" + stream + ":" + pattern,
                        stream,
                        pattern,
                        dir,
                        FileSystems.getDefault().getPathMatcher("glob:" + path.getFileName()),
                        o.choice(
                                "initialPosition",
                                InitialPosition.class,
                                InitialPosition.END_OF_FILE),
                        (int) o.number("skipHeaderLines", 0, 0, Integer.MAX_VALUE),
                        start,
                        terminator,
                        o.choice(
                                "partitionKeyOption",
                                PartitionKeyOption.class,
                                PartitionKeyOption.RANDOM),
                        o.number("maxBufferAgeMillis", 60_000L, 1_000L, 900_000L),
                        (int)
                                o.number(
                                        "maxBufferSizeRecords",
                                        KinesisProducer.MAX_RECORDS,
                                        1,
                                        KinesisProducer.MAX_RECORDS),
                        (int)
                                o.number(
                                        "maxBufferSizeBytes",
                                        KinesisProducer.MAX_BYTES,
                                        1,
                                        KinesisProducer.MAX_BYTES),
                        o.number("minTimeBetweenFilePollsMillis", 100L, 1L, 60_000L),
                        Converters.of(o.objects("dataProcessingOptions"), clock, notes::add));
        noteUnreadKeys(
                o,
                IGNORED_FLOW,
                "tunes the agent's own publish queue",
                UNSUPPORTED_FLOW,
                name ->
                        name.startsWith("retry")
                                ? " (PutRecords retries back off from 200 ms to 5 s)"
                                : "",
                notes);
        return flow;
    }

    /**
     * A note for each key of {@code o} that nothing read: ignored (a key of {@code ignored}, with
     * why), not supported (a key of {@code unsupported}, with what {@code unsupportedWhy} adds for
     * it), or unknown. Keys are matched by their name within {@code o}; notes give their path.
     */
    private static void noteUnreadKeys(
            ConfigObject o,
            Set<String> ignored,
            String ignoredWhy,
            Set<String> unsupported,
            UnaryOperator<String> unsupportedWhy,
            List<String> notes) {
        for (String key : o.unread()) {
            String name = key.substring(o.path("").length());
            if (ignored.contains(name)) notes.add(key + ": ignored (" + ignoredWhy + ")");
            else if (unsupported.contains(name))
                notes.add(key + ": not supported, ignored" + unsupportedWhy.apply(name));
            else notes.add(key + ": unknown key, ignored");
        }
    }
}
