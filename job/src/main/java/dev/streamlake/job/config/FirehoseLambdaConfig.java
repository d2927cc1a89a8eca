package dev.streamlake.job.config;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

/**
 * The validated {@code transform.firehose-lambda.*} settings; see {@link FirehoseLambdaOptions}.
 */
public final class FirehoseLambdaConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Firehose's largest Lambda buffer: 3 MB of data is 4 MB base64, within the 6 MB payload. */
    public static final MemorySize MAX_BUFFER_SIZE = MemorySize.parse("3 mb");

    private final String handler;
    private final long bufferBytes;
    private final int bufferRecords;
    private final Duration bufferInterval;
    private final int retries;
    private final Duration timeout;
    private final String deliveryStreamArn;

    public FirehoseLambdaConfig(
            String handler,
            MemorySize bufferSize,
            int bufferRecords,
            Duration bufferInterval,
            int retries,
            Duration timeout,
            String deliveryStreamArn) {
        this.handler = handler == null || handler.isBlank() ? null : handler.trim();
        this.bufferBytes = bufferSize.getBytes();
        this.bufferRecords = bufferRecords;
        this.bufferInterval = bufferInterval;
        this.retries = retries;
        this.timeout = timeout;
        this.deliveryStreamArn = deliveryStreamArn == null ? "" : deliveryStreamArn;
        if (bufferBytes <= 0 || bufferBytes > MAX_BUFFER_SIZE.getBytes()) {
            throw OptionReader.invalid(
                    FirehoseLambdaOptions.BUFFER_SIZE,
                    "expected more than 0 and at most 3 mb, got " + bufferSize);
        }
        if (bufferRecords < 1) {
            throw OptionReader.invalid(
                    FirehoseLambdaOptions.BUFFER_RECORDS,
                    "expected 1 or more, got " + bufferRecords);
        }
        if (bufferInterval.isNegative() || bufferInterval.isZero()) {
            throw OptionReader.invalid(FirehoseLambdaOptions.BUFFER_INTERVAL, "must be positive");
        }
        if (retries < 0) {
            throw OptionReader.invalid(
                    FirehoseLambdaOptions.NUMBER_OF_RETRIES, "expected 0 or more, got " + retries);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw OptionReader.invalid(FirehoseLambdaOptions.TIMEOUT, "must be positive");
        }
    }

    /**
     * Reads the options (defaults where unset); the handler is loaded when the pipeline is wired.
     */
    public static FirehoseLambdaConfig from(Configuration conf) {
        return new FirehoseLambdaConfig(
                conf.getOptional(FirehoseLambdaOptions.HANDLER).orElse(null),
                conf.get(FirehoseLambdaOptions.BUFFER_SIZE),
                conf.get(FirehoseLambdaOptions.BUFFER_RECORDS),
                conf.get(FirehoseLambdaOptions.BUFFER_INTERVAL),
                conf.get(FirehoseLambdaOptions.NUMBER_OF_RETRIES),
                conf.get(FirehoseLambdaOptions.TIMEOUT),
                conf.getOptional(FirehoseLambdaOptions.DELIVERY_STREAM_ARN).orElse(""));
    }

    /** Whether a Lambda runs at all (a handler is set). */
    public boolean enabled() {
        return handler != null;
    }

    public String handler() {
        return handler;
    }

    public long bufferBytes() {
        return bufferBytes;
    }

    public int bufferRecords() {
        return bufferRecords;
    }

    public Duration bufferInterval() {
        return bufferInterval;
    }

    public int retries() {
        return retries;
    }

    public Duration timeout() {
        return timeout;
    }

    public String deliveryStreamArn() {
        return deliveryStreamArn;
    }

    /** The region field of the delivery stream's ARN, or "" without one. */
    public String region() {
        String[] parts = deliveryStreamArn.split(":", -1);
        return parts.length > 3 ? parts[3] : "";
    }
}
