package dev.streamlake.job.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsStreamsInputPreprocessingEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import dev.streamlake.job.config.FirehoseLambdaConfig;
import dev.streamlake.udfs.record.RawRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against handlers of each shape and each way of misbehaving: what reaches the handler
 * (Firehose's event fields), and what becomes of each record.
 */
class FirehoseLambdaTest {
    private static final long ARRIVAL = 1_764_000_000_123L;

    @BeforeEach
    void clear() {
        TestHandlers.EVENTS.clear();
        TestHandlers.CONTEXTS.clear();
    }

    @Test
    void anAwsStyleHandlerReplacesEachRecordsData() {
        Outcomes o = run(AwsStyleFirehoseHandler.class.getName(), 0, "abc", "{\"n\":1}");
        assertThat(o.ok).containsExactly("cba", "}1:\"n\"{");
        assertThat(o.okRecords).extracting(r -> r.sequenceNumber).containsExactly("seq-0", "seq-1");
        assertThat(o.okRecords)
                .allSatisfy(
                        r -> {
                            assertThat(r.shardId).isEqualTo("shardId-000000000001");
                            assertThat(r.arrivalTime).isEqualTo(ARRIVAL);
                        });
        assertThat(o.failed).isEmpty();
    }

    @Test
    void theEventCarriesFirehosesFieldsAndTheContextItsRequestId() {
        Outcomes o = run(TestHandlers.Recording.class.getName(), 0, "a", "b");
        KinesisFirehoseEvent event = (KinesisFirehoseEvent) TestHandlers.EVENTS.get(0);
        assertThat(event.getDeliveryStreamArn())
                .isEqualTo("arn:aws:firehose:eu-west-1:123456789012:deliverystream/ds");
        assertThat(event.getRegion()).isEqualTo("eu-west-1");
        assertThat(event.getRecords()).hasSize(2);
        KinesisFirehoseEvent.Record first = event.getRecords().get(0);
        assertThat(first.getApproximateArrivalTimestamp()).isEqualTo(ARRIVAL);
        assertThat(first.getKinesisRecordMetadata())
                .containsEntry("shardId", "shardId-000000000001")
                .containsEntry("partitionKey", "dev-0")
                .containsEntry("sequenceNumber", "seq-0")
                .containsEntry("approximateArrivalTimestamp", Long.toString(ARRIVAL));
        assertThat(event.getRecords())
                .extracting(KinesisFirehoseEvent.Record::getRecordId)
                .doesNotHaveDuplicates();
        Context ctx = TestHandlers.CONTEXTS.get(0);
        assertThat(ctx.getAwsRequestId()).isEqualTo(event.getInvocationId());
        assertThat(ctx.getRemainingTimeInMillis()).isBetween(1, 60_000);
        assertThat(ctx.getFunctionName()).isEqualTo("Recording");
        assertThat(o.ok).containsExactly("A", "B");
    }

    @Test
    void everyHandlerShapeGetsTheSameResults() {
        for (Class<?> handler :
                List.of(
                        TestHandlers.MapHandler.class,
                        TestHandlers.StreamHandler.class,
                        TestHandlers.PojoResponseHandler.class,
                        TestHandlers.KdaHandler.class)) {
            Outcomes o = run(handler.getName(), 0, "keep", "drop me", "fail me", "{\"ü\":\"é\"}");
            assertThat(o.ok).as(handler.getSimpleName()).containsExactly("KEEP", "{\"Ü\":\"É\"}");
            assertThat(o.dropped).as(handler.getSimpleName()).containsExactly("drop me");
            assertThat(o.failed).as(handler.getSimpleName()).containsOnlyKeys("fail me");
            assertThat(o.failed.get("fail me")).contains("returned ProcessingFailed");
        }
        Outcomes method =
                run(TestHandlers.MethodHandler.class.getName() + "::transform", 0, "x", "drop");
        assertThat(method.ok).containsExactly("X");
        assertThat(method.dropped).containsExactly("drop");
    }

    @Test
    void theMapAndKdaEventsHoldFirehosesJsonAndKinesisMetadata() {
        run(TestHandlers.MapHandler.class.getName(), 0, "hi");
        @SuppressWarnings("unchecked")
        Map<String, Object> record =
                ((List<Map<String, Object>>)
                                ((Map<String, Object>) TestHandlers.EVENTS.get(0)).get("records"))
                        .get(0);
        assertThat(record.get("data")).isEqualTo("aGk=");
        assertThat(record.get("approximateArrivalTimestamp")).isEqualTo(ARRIVAL);
        assertThat(record.get("kinesisRecordMetadata"))
                .isEqualTo(
                        Map.of(
                                "shardId",
                                "shardId-000000000001",
                                "partitionKey",
                                "dev-0",
                                "approximateArrivalTimestamp",
                                ARRIVAL,
                                "sequenceNumber",
                                "seq-0"));

        run(TestHandlers.KdaHandler.class.getName(), 0, "hi");
        var kda =
                ((KinesisAnalyticsStreamsInputPreprocessingEvent) TestHandlers.EVENTS.get(1))
                        .getRecords()
                        .get(0);
        assertThat(kda.getKinesisStreamRecordMetadata().getSequenceNumber()).isEqualTo("seq-0");
        assertThat(kda.getKinesisStreamRecordMetadata().getApproximateArrivalTimestamp())
                .isEqualTo(ARRIVAL);
    }

    @Test
    void eachFailedInvocationFailsEveryRecordWithAReasonThatSaysWhy() {
        String[][] cases = {
            {
                TestHandlers.Throws.class.getName(),
                "the handler threw java.lang.IllegalStateException: boom"
            },
            {TestHandlers.ReturnsNull.class.getName(), "the handler returned null"},
            {TestHandlers.ReturnsString.class.getName(), "returned a String"},
            {
                TestHandlers.LeavesOneOut.class.getName(),
                "returned 2 records for 3 sent; recordId '"
            },
            {TestHandlers.UnknownId.class.getName(), "unknown recordId 'made-up'"},
            {TestHandlers.DuplicateId.class.getName(), "' returned twice"},
            {
                TestHandlers.NoResult.class.getName(),
                "has result null; expected Ok, Dropped or ProcessingFailed"
            },
            {TestHandlers.WrongResultSpelling.class.getName(), "has result \"OK\"; expected Ok"},
            {TestHandlers.OkWithoutData.class.getName(), "is Ok without data"},
            {TestHandlers.BadBase64.class.getName(), "has data that is not base64"},
            {TestHandlers.WritesGarbage.class.getName(), "the response is not JSON"},
        };
        for (String[] c : cases) {
            Outcomes o = run(c[0], 0, "a", "b", "c");
            assertThat(o.ok).as(c[0]).isEmpty();
            assertThat(o.failed).as(c[0]).containsOnlyKeys("a", "b", "c");
            assertThat(o.failed.get("a"))
                    .as(c[0])
                    .startsWith("Firehose Lambda " + c[0])
                    .contains("invocation failed")
                    .contains(c[1]);
            assertThat(o.failedInvocations).isEqualTo(1);
        }
    }

    @Test
    void aFailedInvocationIsRetriedThenGivenUp() {
        TestHandlers.FailsTwice.CALLS.set(0);
        Outcomes retried = run(TestHandlers.FailsTwice.class.getName(), 3, "a");
        assertThat(retried.ok).containsExactly("a");
        assertThat(retried.failedInvocations).isEqualTo(2);

        Outcomes givenUp = run(TestHandlers.Throws.class.getName(), 2, "a");
        assertThat(givenUp.failed.get("a")).contains("invocation failed 3 times");
        assertThat(givenUp.failedInvocations).isEqualTo(3);
    }

    @Test
    void anInvocationPastItsTimeoutFails() {
        FirehoseLambdaConfig cfg =
                config(TestHandlers.Slow.class.getName(), 0, Duration.ofMillis(1));
        Outcomes o = new Outcomes();
        FirehoseLambda.load(cfg, getClass().getClassLoader()).invoke(records("a"), o);
        assertThat(o.failed.get("a")).contains("over transform.firehose-lambda.timeout (1 ms)");
    }

    @Test
    void aHandlerScribblingOnItsInputDoesNotChangeTheOriginalPayload() {
        List<RawRecord> in = records("original");
        Outcomes o = new Outcomes();
        FirehoseLambda.load(
                        config(
                                TestHandlers.ScribblesThenFails.class.getName(),
                                0,
                                Duration.ofMinutes(1)),
                        getClass().getClassLoader())
                .invoke(in, o);
        assertThat(o.failed).containsOnlyKeys("original");
        assertThat(new String(in.get(0).payload, UTF_8)).isEqualTo("original");
    }

    @Test
    void aHandlerThatCannotBeLoadedFailsAtStartWithTheKey() {
        String key = "transform.firehose-lambda.handler: ";
        assertThatThrownBy(() -> load("com.example.Missing"))
                .hasMessageStartingWith(key + "cannot load class 'com.example.Missing'");
        assertThatThrownBy(() -> load(TestHandlers.MethodHandler.class.getName()))
                .hasMessageStartingWith(key)
                .hasMessageContaining("has no public method handleRequest");
        assertThatThrownBy(() -> load(TestHandlers.MethodHandler.class.getName() + "::nope"))
                .hasMessageContaining("has no public method nope");
        assertThatThrownBy(() -> load(TestHandlers.TakesString.class.getName()))
                .hasMessageStartingWith(key)
                .hasMessageContaining("takes a String");
        assertThatThrownBy(() -> load(TestHandlers.ConstructorThrows.class.getName()))
                .hasMessageStartingWith(key)
                .hasMessageContaining(
                        "constructor threw java.lang.IllegalStateException: no config");
    }

    @Test
    void bufferLimitsAreChecked() {
        assertThatThrownBy(() -> withLimits("4 mb", 10, 0))
                .hasMessageStartingWith("transform.firehose-lambda.buffer-size: ");
        assertThatThrownBy(() -> withLimits("1 mb", 0, 0))
                .hasMessageStartingWith("transform.firehose-lambda.buffer-records: ");
        assertThatThrownBy(() -> withLimits("1 mb", 1, -1))
                .hasMessageStartingWith("transform.firehose-lambda.number-of-retries: ");
    }

    private static FirehoseLambdaConfig withLimits(
            String bufferSize, int bufferRecords, int retries) {
        return new FirehoseLambdaConfig(
                "x",
                MemorySize.parse(bufferSize),
                bufferRecords,
                Duration.ofSeconds(1),
                retries,
                Duration.ofSeconds(1),
                "");
    }

    // ---------------------------------------------------------------------------------------

    private static void load(String handler) {
        FirehoseLambda.load(
                config(handler, 0, Duration.ofMinutes(1)),
                FirehoseLambdaTest.class.getClassLoader());
    }

    static FirehoseLambdaConfig config(String handler, int retries, Duration timeout) {
        return new FirehoseLambdaConfig(
                handler,
                MemorySize.parse("1 mb"),
                500,
                Duration.ofSeconds(60),
                retries,
                timeout,
                "arn:aws:firehose:eu-west-1:123456789012:deliverystream/ds");
    }

    private static Outcomes run(String handler, int retries, String... texts) {
        Outcomes o = new Outcomes();
        o.failedInvocations =
                FirehoseLambda.load(
                                config(handler, retries, Duration.ofMinutes(1)),
                                FirehoseLambdaTest.class.getClassLoader())
                        .invoke(records(texts), o);
        return o;
    }

    private static List<RawRecord> records(String... texts) {
        List<RawRecord> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            out.add(
                    new RawRecord(
                            texts[i].getBytes(UTF_8),
                            "s",
                            "shardId-000000000001",
                            "seq-" + i,
                            "dev-" + i,
                            ARRIVAL));
        }
        return out;
    }

    /** What became of each record, by its original text. */
    static final class Outcomes implements FirehoseLambda.Results {
        final List<String> ok = new ArrayList<>();
        final List<RawRecord> okRecords = new ArrayList<>();
        final List<String> dropped = new ArrayList<>();
        final Map<String, String> failed = new java.util.LinkedHashMap<>();
        int failedInvocations;

        @Override
        public void ok(RawRecord original, byte[] data) {
            ok.add(new String(data, UTF_8));
            okRecords.add(original);
        }

        @Override
        public void dropped(RawRecord original) {
            dropped.add(new String(original.payload, UTF_8));
        }

        @Override
        public void failed(RawRecord original, String reason) {
            failed.put(new String(original.payload, UTF_8), reason);
        }
    }
}
