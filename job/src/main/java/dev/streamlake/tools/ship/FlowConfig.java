package dev.streamlake.tools.ship;

import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code flows[]} entry of the Kinesis Agent's {@code agent.json} with a {@code kinesisStream}
 * destination, typed and range-checked by {@link AgentConfig}. Defaults and ranges are the agent's
 * ({@code KinesisFileFlow}, {@code KinesisConstants} in awslabs/amazon-kinesis-agent). {@code id}
 * is the agent's flow id, {@code kinesis:<stream>:<filePattern>}, the checkpoint's key; globs are
 * allowed in the file name only, as in the agent; {@code multiLineStart}: a line matching it from
 * its start begins a record (null: one line each).
 */
final class FlowConfig {
    final String id;
    final String stream;
    final String filePattern;
    final Path directory;
    final PathMatcher fileName;
    final InitialPosition initialPosition;
    final int skipHeaderLines;
    final Pattern multiLineStart;
    final byte[] truncatedRecordTerminator;
    final PartitionKeyOption partitionKeyOption;
    final long maxBufferAgeMillis;
    final int maxBufferSizeRecords;
    final int maxBufferSizeBytes;
    final long pollMillis;
    final List<RecordConverter> converters;

    FlowConfig(
            String id,
            String stream,
            String filePattern,
            Path directory,
            PathMatcher fileName,
            InitialPosition initialPosition,
            int skipHeaderLines,
            Pattern multiLineStart,
            byte[] truncatedRecordTerminator,
            PartitionKeyOption partitionKeyOption,
            long maxBufferAgeMillis,
            int maxBufferSizeRecords,
            int maxBufferSizeBytes,
            long pollMillis,
            List<RecordConverter> converters) {
        this.id = id;
        this.stream = stream;
        this.filePattern = filePattern;
        this.directory = directory;
        this.fileName = fileName;
        this.initialPosition = initialPosition;
        this.skipHeaderLines = skipHeaderLines;
        this.multiLineStart = multiLineStart;
        this.truncatedRecordTerminator = truncatedRecordTerminator;
        this.partitionKeyOption = partitionKeyOption;
        this.maxBufferAgeMillis = maxBufferAgeMillis;
        this.maxBufferSizeRecords = maxBufferSizeRecords;
        this.maxBufferSizeBytes = maxBufferSizeBytes;
        this.pollMillis = pollMillis;
        this.converters = converters;
    }

    /** Where a file met for the first time, with no checkpoint, is read from. */
    enum InitialPosition {
        START_OF_FILE,
        END_OF_FILE
    }

    /** The agent's two partition-key choices. */
    enum PartitionKeyOption {
        RANDOM,
        DETERMINISTIC
    }
}
