package dev.streamlake.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * Property group {@code transform}, keys {@code firehose-lambda.*}: an existing Java Firehose
 * transformation Lambda run in-process on each raw record, before parsing, batched as Firehose
 * batches (the names follow Firehose's processor parameters: {@code BufferSizeInMBs}, {@code
 * BufferIntervalInSeconds}, {@code NumberOfRetries}).
 */
public final class FirehoseLambdaOptions {

    public static final ConfigOption<String> HANDLER =
            ConfigOptions.key("transform.firehose-lambda.handler")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The Lambda's handler, as Lambda names it: a class on the job's"
                                    + " classpath (com.example.Transform, a RequestHandler or"
                                    + " RequestStreamHandler) or class::method. It runs on each raw"
                                    + " record before parsing; unset: no Lambda step at all.");

    public static final ConfigOption<MemorySize> BUFFER_SIZE =
            ConfigOptions.key("transform.firehose-lambda.buffer-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1 mb"))
                    .withDescription(
                            "Invoke once this many bytes of record data are buffered (Firehose's"
                                    + " BufferSizeInMBs; at most 3 mb, so the base64 event stays"
                                    + " within Lambda's 6 MB payload).");

    public static final ConfigOption<Integer> BUFFER_RECORDS =
            ConfigOptions.key("transform.firehose-lambda.buffer-records")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription("Invoke once this many records are buffered.");

    public static final ConfigOption<Duration> BUFFER_INTERVAL =
            ConfigOptions.key("transform.firehose-lambda.buffer-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "Invoke at the latest this long after the batch's first record"
                                    + " (Firehose's BufferIntervalInSeconds). Every checkpoint also"
                                    + " invokes on what is buffered, so no batch spans a checkpoint.");

    public static final ConfigOption<Integer> NUMBER_OF_RETRIES =
            ConfigOptions.key("transform.firehose-lambda.number-of-retries")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Invocations repeated after a failed one (an exception or an invalid"
                                    + " response) before its records go to the errors table.");

    public static final ConfigOption<Duration> TIMEOUT =
            ConfigOptions.key("transform.firehose-lambda.timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "The function's timeout, as Context.getRemainingTimeInMillis counts it"
                                    + " down; an invocation that runs longer fails its records.");

    public static final ConfigOption<String> DELIVERY_STREAM_ARN =
            ConfigOptions.key("transform.firehose-lambda.delivery-stream-arn")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The event's deliveryStreamArn (its region becomes the event's region),"
                                    + " for handlers that read it.");

    private FirehoseLambdaOptions() {}
}
