package dev.streamlake.job.pipeline;

import static dev.streamlake.job.config.JobSettings.set;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlake.job.config.FirehoseLambdaConfig;
import dev.streamlake.job.config.FirehoseLambdaOptions;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.JobSettings;
import dev.streamlake.job.config.JobSettings.Setting;
import dev.streamlake.job.firehose.AwsStyleFirehoseHandler;
import dev.streamlake.job.firehose.TestHandlerProbe;
import dev.streamlake.job.metrics.MetricsProbe;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Firehose Lambda" on a test harness: batches close on records, bytes, time and at every
 * checkpoint barrier (so no checkpoint holds a batch in flight), results go where they belong,
 * counted.
 */
class RunFirehoseLambdaTest {
    private final MetricsProbe probe = new MetricsProbe();

    @BeforeEach
    void clear() {
        TestHandlerProbe.clear();
    }

    @Test
    void batchesCloseAtTheRecordLimitAndResultsGoWhereTheyBelong() throws Exception {
        try (var h =
                harness(
                        config(
                                TestHandlerProbe.batchSizes(),
                                MemorySize.parse("1 mb"),
                                3,
                                Duration.ofHours(1)))) {
            h.open();
            for (String t : List.of("a", "drop", "fail", "b", "c"))
                h.processElement(Fixtures.raw(t, "s-" + t), 7L);
            assertThat(TestHandlerProbe.sizes()).containsExactly(3);
            assertThat(values(h)).containsExactly("a");
            assertThat(h.extractOutputStreamRecords())
                    .allSatisfy(
                            r -> assertThat(((StreamRecord<?>) r).getTimestamp()).isEqualTo(7L));
            FailedRecord failed = h.getSideOutput(Tags.FAILED).poll().getValue();
            assertThat(failed.errorType).isEqualTo(ErrorType.TRANSFORM_FAILED.name());
            assertThat(failed.payload).isEqualTo("fail");
            assertThat(failed.sequenceNumber).isEqualTo("s-fail");
            assertThat(failed.errorMessage).contains("returned ProcessingFailed");

            h.endInput();
            assertThat(TestHandlerProbe.sizes()).containsExactly(3, 2);
            assertThat(values(h)).containsExactly("a", "b", "c");
        }
        assertThat(probe.count("kinesisanalytics.lambdaInvocations")).isEqualTo(2);
        assertThat(probe.count("kinesisanalytics.lambdaInvocationsFailed")).isZero();
        assertThat(probe.count("kinesisanalytics.lambdaRecordsOk")).isEqualTo(3);
        assertThat(probe.count("kinesisanalytics.recordsDropped")).isEqualTo(1);
        assertThat(probe.count("kinesisanalytics.recordsFailed")).isEqualTo(1);
        assertThat(probe.count("kinesisanalytics.error_type.TRANSFORM_FAILED.recordsFailed"))
                .isEqualTo(1);
    }

    @Test
    void batchesStayWithinTheBufferSize() throws Exception {
        String kb = "x".repeat(1024);
        try (var h =
                harness(
                        config(
                                TestHandlerProbe.batchSizes(),
                                MemorySize.parse("3 kb"),
                                100,
                                Duration.ofHours(1)))) {
            h.open();
            for (int i = 0; i < 7; i++) h.processElement(Fixtures.raw(kb, "s" + i), 1L);
            assertThat(TestHandlerProbe.sizes()).containsExactly(3, 3);
            h.processElement(
                    Fixtures.raw("x".repeat(2049), "big"),
                    1L); // would pass 3 kb: the buffer goes first
            assertThat(TestHandlerProbe.sizes()).containsExactly(3, 3, 1);
        }
    }

    @Test
    void aRecordTooLargeForAnyInvocationFailsAlone() throws Exception {
        byte[] huge = new byte[5 * 1024 * 1024]; // 6.7 MB as base64
        java.util.Arrays.fill(huge, (byte) 'x');
        try (var h =
                harness(
                        config(
                                TestHandlerProbe.batchSizes(),
                                MemorySize.parse("3 mb"),
                                100,
                                Duration.ofHours(1)))) {
            h.open();
            h.processElement(Fixtures.raw("small", "s0"), 1L);
            h.processElement(Fixtures.raw(huge, "s1"), 1L);
            h.endInput();
            assertThat(TestHandlerProbe.sizes()).containsExactly(1);
            assertThat(values(h)).containsExactly("small");
            FailedRecord failed = h.getSideOutput(Tags.FAILED).poll().getValue();
            assertThat(failed.errorMessage).contains("over Lambda's 6 MB invocation payload");
            assertThat(failed.payloadBytes()).isEqualTo(huge);
        }
    }

    @Test
    void aBatchClosesAtItsIntervalAndAnOlderTimerDoesNotCloseALaterOne() throws Exception {
        try (var h =
                harness(
                        config(
                                TestHandlerProbe.batchSizes(),
                                MemorySize.parse("1 mb"),
                                2,
                                Duration.ofSeconds(10)))) {
            h.open();
            h.setProcessingTime(0);
            h.processElement(Fixtures.raw("a", "s0"), 1L);
            h.processElement(
                    Fixtures.raw("b", "s1"), 1L); // closes the batch at 2 records; its timer stays
            h.setProcessingTime(5_000);
            h.processElement(Fixtures.raw("c", "s2"), 1L); // a new batch, due at 15 s
            h.setProcessingTime(10_000); // the first batch's timer: must leave "c" waiting
            assertThat(TestHandlerProbe.sizes()).containsExactly(2);
            h.setProcessingTime(15_000);
            assertThat(TestHandlerProbe.sizes()).containsExactly(2, 1);
            assertThat(values(h)).containsExactly("a", "b", "c");
        }
    }

    @Test
    void everyCheckpointBarrierFindsTheBufferInvokedAndEmpty() throws Exception {
        FirehoseLambdaConfig cfg =
                config(
                        AwsStyleFirehoseHandler.class.getName(),
                        MemorySize.parse("1 mb"),
                        100,
                        Duration.ofHours(1));
        OperatorSubtaskState snapshot;
        try (var h = harness(cfg)) {
            h.open();
            h.processElement(Fixtures.raw("abc", "s0"), 1L);
            h.processWatermark(new Watermark(5)); // passes through; the record waits
            assertThat(values(h)).isEmpty();
            h.prepareSnapshotPreBarrier(1);
            assertThat(values(h))
                    .containsExactly("cba"); // before the barrier: in the checkpoint downstream
            snapshot = h.snapshot(1, 1);
            h.processElement(
                    Fixtures.raw("def", "s1"),
                    1L); // after the checkpoint: lost with the task, replayed by the source
        }
        try (var restored = harness(cfg)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(Fixtures.raw("def", "s1"), 1L); // the source's replay
            restored.endInput();
            assertThat(values(restored))
                    .containsExactly("fed"); // once, and nothing of before the checkpoint again
        }
    }

    @Test
    void theStepRunsBetweenUnpackingAndParsingOnlyWithAHandler() {
        assertThat(operatorsAfterTheSource())
                .startsWith("Unpack KPL aggregates", "Parse and validate");
        assertThat(
                        operatorsAfterTheSource(
                                set(
                                        FirehoseLambdaOptions.HANDLER,
                                        AwsStyleFirehoseHandler.class.getName())))
                .startsWith("Unpack KPL aggregates", "Firehose Lambda", "Parse and validate");
    }

    @Test
    void wiringWithAHandlerThatCannotBeLoadedStopsTheStartAndNamesTheKey() {
        assertThatThrownBy(
                        () ->
                                operatorsAfterTheSource(
                                        set(FirehoseLambdaOptions.HANDLER, "com.example.Gone")))
                .hasMessageStartingWith(
                        "transform.firehose-lambda.handler: cannot load class 'com.example.Gone'");
    }

    private static List<String> operatorsAfterTheSource(Setting... more) {
        JobConfig cfg =
                JobConfig.fromMap(
                        JobSettings.with(JobSettings.localLake(Path.of("/tmp/lake")), more));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
        return env.getStreamGraph().getStreamNodes().stream()
                .sorted((a, b) -> Integer.compare(a.getId(), b.getId()))
                .map(StreamNode::getOperatorName)
                .skip(1)
                .collect(Collectors.toList());
    }

    // ---------------------------------------------------------------------------------------

    private OneInputStreamOperatorTestHarness<RawRecord, RawRecord> harness(
            FirehoseLambdaConfig cfg) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new RunFirehoseLambda(cfg), probe.environment());
    }

    private static FirehoseLambdaConfig config(
            String handler, MemorySize size, int records, Duration interval) {
        return new FirehoseLambdaConfig(
                handler, size, records, interval, 0, Duration.ofMinutes(1), "");
    }

    private static List<String> values(OneInputStreamOperatorTestHarness<RawRecord, RawRecord> h) {
        return h.extractOutputValues().stream()
                .map(r -> new String(r.payload, UTF_8))
                .collect(Collectors.toList());
    }
}
