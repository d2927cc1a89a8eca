package dev.streamlake.job.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Result;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsStreamsInputPreprocessingEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Handlers of every other shape a Firehose Lambda can have (a {@code Map} event, a stream handler,
 * a POJO method, a user's own response class, KDA's preprocessing event), and handlers that
 * misbehave in each way Firehose counts as a failed invocation. Hand-written for these tests.
 */
public final class TestHandlers {
    private TestHandlers() {}

    /**
     * What a record's text decides: "drop" → Dropped, "fail" → ProcessingFailed, else Ok
     * upper-cased.
     */
    static String resultFor(String text) {
        return text.contains("drop")
                ? "Dropped"
                : text.contains("fail") ? "ProcessingFailed" : "Ok";
    }

    /** The event a JSON-shaped handler last saw, and the context of every invocation. */
    static final List<Object> EVENTS = new CopyOnWriteArrayList<>();

    static final List<Context> CONTEXTS = new CopyOnWriteArrayList<>();

    /**
     * {@code RequestHandler<Map<String, Object>, Map<String, Object>>}, as Node-minded Java code is
     * written.
     */
    public static class MapHandler
            implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            EVENTS.add(event);
            return respondJson(
                    event,
                    r -> {
                        String text =
                                new String(
                                        Base64.getDecoder().decode((String) r.get("data")), UTF_8);
                        return record(
                                r.get("recordId"),
                                resultFor(text),
                                Base64.getEncoder()
                                        .encodeToString(text.toUpperCase().getBytes(UTF_8)));
                    });
        }
    }

    /** A {@code RequestStreamHandler}: JSON in, JSON out. */
    public static class StreamHandler implements RequestStreamHandler {
        private final ObjectMapper json = new ObjectMapper();

        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context)
                throws IOException {
            JsonNode event = json.readTree(in);
            ObjectNode response = json.createObjectNode();
            ArrayNode records = response.putArray("records");
            for (JsonNode r : event.get("records")) {
                String text = new String(Base64.getDecoder().decode(r.get("data").asText()), UTF_8);
                records.addObject()
                        .put("recordId", r.get("recordId").asText())
                        .put("result", resultFor(text))
                        .put(
                                "data",
                                Base64.getEncoder()
                                        .encodeToString(text.toUpperCase().getBytes(UTF_8)));
            }
            json.writeValue(out, response);
        }
    }

    /**
     * A user's own response class, with Firehose's dynamic-partitioning metadata (ignored here).
     */
    public static class PojoResponseHandler
            implements RequestHandler<KinesisFirehoseEvent, PojoResponseHandler.Response> {
        public static class Response {
            public List<Rec> records = new ArrayList<>();
        }

        public static class Rec {
            public String recordId;
            public String result;
            public ByteBuffer data;
            public Map<String, Object> metadata =
                    Map.of("partitionKeys", Map.of("customer", "c-1"));
        }

        @Override
        public Response handleRequest(KinesisFirehoseEvent event, Context context) {
            Response response = new Response();
            for (KinesisFirehoseEvent.Record r : event.getRecords()) {
                String text = UTF_8.decode(r.getData()).toString();
                Rec rec = new Rec();
                rec.recordId = r.getRecordId();
                rec.result = resultFor(text);
                rec.data = ByteBuffer.wrap(text.toUpperCase().getBytes(UTF_8));
                response.records.add(rec);
            }
            return response;
        }
    }

    /** A handler named {@code Class::method}: a static method taking the event, no interface. */
    public static class MethodHandler {
        public static KinesisAnalyticsInputPreprocessingResponse transform(
                KinesisFirehoseEvent event) {
            return respond(event, t -> t.toUpperCase());
        }
    }

    /** KDA SQL's preprocessing event of a Kinesis stream source; same response. */
    public static class KdaHandler
            implements RequestHandler<
                    KinesisAnalyticsStreamsInputPreprocessingEvent,
                    KinesisAnalyticsInputPreprocessingResponse> {
        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisAnalyticsStreamsInputPreprocessingEvent event, Context context) {
            EVENTS.add(event);
            List<KinesisAnalyticsInputPreprocessingResponse.Record> out = new ArrayList<>();
            for (KinesisAnalyticsStreamsInputPreprocessingEvent.Record r : event.getRecords()) {
                String text = UTF_8.decode(r.getData()).toString();
                out.add(
                        new KinesisAnalyticsInputPreprocessingResponse.Record(
                                r.getRecordId(),
                                Result.valueOf(resultFor(text)),
                                ByteBuffer.wrap(text.toUpperCase().getBytes(UTF_8))));
            }
            return new KinesisAnalyticsInputPreprocessingResponse(out);
        }
    }

    /** Keeps the event and the context, answers like the map handler. */
    public static class Recording
            implements RequestHandler<
                    KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisFirehoseEvent event, Context context) {
            EVENTS.add(event);
            CONTEXTS.add(context);
            context.getLogger().log("seen " + event.getRecords().size());
            return respond(event, t -> t.toUpperCase());
        }
    }

    // --- misbehaving -----------------------------------------------------------------------

    public static class Throws
            implements RequestHandler<
                    KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisFirehoseEvent event, Context context) {
            throw new IllegalStateException("boom");
        }
    }

    public static class ReturnsNull
            implements RequestHandler<
                    KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisFirehoseEvent event, Context context) {
            return null;
        }
    }

    public static class ReturnsString implements RequestHandler<KinesisFirehoseEvent, String> {
        @Override
        public String handleRequest(KinesisFirehoseEvent event, Context context) {
            return "200 OK";
        }
    }

    public static class LeavesOneOut
            implements RequestHandler<
                    KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisFirehoseEvent event, Context context) {
            return tampered(event, records -> records.remove(records.size() - 1));
        }
    }

    public static class UnknownId
            implements RequestHandler<
                    KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisFirehoseEvent event, Context context) {
            return tampered(event, records -> records.get(0).setRecordId("made-up"));
        }
    }

    public static class DuplicateId
            implements RequestHandler<
                    KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisFirehoseEvent event, Context context) {
            return tampered(
                    event, records -> records.get(1).setRecordId(records.get(0).getRecordId()));
        }
    }

    public static class NoResult
            implements RequestHandler<
                    KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisFirehoseEvent event, Context context) {
            return tampered(event, records -> records.get(0).setResult(null));
        }
    }

    public static class OkWithoutData
            implements RequestHandler<
                    KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisFirehoseEvent event, Context context) {
            return tampered(event, records -> records.get(0).setData(null));
        }
    }

    /** A JSON response whose result is spelled "OK" (Firehose wants "Ok"). */
    public static class WrongResultSpelling
            implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            return respondJson(event, r -> record(r.get("recordId"), "OK", r.get("data")));
        }
    }

    /** A JSON response whose data is not base64. */
    public static class BadBase64
            implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            return respondJson(event, r -> record(r.get("recordId"), "Ok", "not base64!"));
        }
    }

    /** A stream handler that writes something that is not JSON. */
    public static class WritesGarbage implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context)
                throws IOException {
            out.write("{\"records\": [".getBytes(UTF_8));
        }
    }

    /** Fails its first two invocations, then answers: shows the retries. */
    public static class FailsTwice
            implements RequestHandler<
                    KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisFirehoseEvent event, Context context) {
            if (CALLS.incrementAndGet() <= 2)
                throw new IllegalStateException("transient " + CALLS.get());
            return respond(event, t -> t);
        }
    }

    /** Runs past a 1 ms timeout. */
    public static class Slow
            implements RequestHandler<
                    KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisFirehoseEvent event, Context context) {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return respond(event, t -> t);
        }
    }

    /**
     * Overwrites the bytes it was given (the original must still reach the errors table intact).
     */
    public static class ScribblesThenFails
            implements RequestHandler<
                    KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisFirehoseEvent event, Context context) {
            List<KinesisAnalyticsInputPreprocessingResponse.Record> out = new ArrayList<>();
            for (KinesisFirehoseEvent.Record r : event.getRecords()) {
                java.util.Arrays.fill(r.getData().array(), (byte) 'x');
                out.add(
                        new KinesisAnalyticsInputPreprocessingResponse.Record(
                                r.getRecordId(), Result.ProcessingFailed, null));
            }
            return new KinesisAnalyticsInputPreprocessingResponse(out);
        }
    }

    /** Counts batch sizes (for the operator's batching tests) and answers by {@link #resultFor}. */
    public static class BatchSizes
            implements RequestHandler<
                    KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
        static final List<Integer> SIZES = new CopyOnWriteArrayList<>();

        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisFirehoseEvent event, Context context) {
            SIZES.add(event.getRecords().size());
            return respond(event, t -> t);
        }
    }

    // --- not loadable ------------------------------------------------------------------------

    public static class TakesString implements RequestHandler<String, String> {
        @Override
        public String handleRequest(String event, Context context) {
            return event;
        }
    }

    public static class ConstructorThrows implements RequestHandler<KinesisFirehoseEvent, Object> {
        public ConstructorThrows() {
            throw new IllegalStateException("no config");
        }

        @Override
        public Object handleRequest(KinesisFirehoseEvent event, Context context) {
            return null;
        }
    }

    /**
     * Every record Ok with {@code f} of its text, or Dropped/ProcessingFailed by {@link
     * #resultFor}.
     */
    static KinesisAnalyticsInputPreprocessingResponse respond(
            KinesisFirehoseEvent event, Function<String, String> f) {
        List<KinesisAnalyticsInputPreprocessingResponse.Record> out = new ArrayList<>();
        for (KinesisFirehoseEvent.Record r : event.getRecords()) {
            String text = UTF_8.decode(r.getData().duplicate()).toString();
            out.add(
                    new KinesisAnalyticsInputPreprocessingResponse.Record(
                            r.getRecordId(),
                            Result.valueOf(resultFor(text)),
                            ByteBuffer.wrap(f.apply(text).getBytes(UTF_8))));
        }
        return new KinesisAnalyticsInputPreprocessingResponse(out);
    }

    /** A JSON-shaped response: one record made by {@code record} for each of the event's. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> respondJson(
            Map<String, Object> event, Function<Map<String, Object>, Map<String, Object>> record) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) event.get("records")) {
            out.add(record.apply(r));
        }
        return Map.of("records", out);
    }

    /** {@link #respond} with the text as it is, then {@code tamper} breaks the response one way. */
    static KinesisAnalyticsInputPreprocessingResponse tampered(
            KinesisFirehoseEvent event,
            Consumer<List<KinesisAnalyticsInputPreprocessingResponse.Record>> tamper) {
        KinesisAnalyticsInputPreprocessingResponse r = respond(event, t -> t);
        tamper.accept(r.getRecords());
        return r;
    }

    /** One record of a JSON-shaped response. */
    static Map<String, Object> record(Object recordId, String result, Object data) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("recordId", recordId);
        o.put("result", result);
        o.put("data", data);
        return o;
    }
}
