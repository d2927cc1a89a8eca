package dev.streamlake.job.firehose;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Result;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Handlers that return every record {@code Ok} and unchanged, doing no work of their own: what a
 * benchmark of them measures is the adapter (event, invocation, response check), per shape.
 */
public final class PassThroughHandlers {
    private PassThroughHandlers() {}

    /** The library's types: the event built directly, the response read directly. */
    public static class Library
            implements RequestHandler<
                    KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
        @Override
        public KinesisAnalyticsInputPreprocessingResponse handleRequest(
                KinesisFirehoseEvent event, Context context) {
            List<KinesisAnalyticsInputPreprocessingResponse.Record> out =
                    new ArrayList<>(event.getRecords().size());
            for (KinesisFirehoseEvent.Record r : event.getRecords()) {
                out.add(
                        new KinesisAnalyticsInputPreprocessingResponse.Record(
                                r.getRecordId(), Result.Ok, r.getData()));
            }
            return new KinesisAnalyticsInputPreprocessingResponse(out);
        }
    }

    /** Maps: the event through its JSON (base64 data), the response through Jackson. */
    public static class Json implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            List<Map<String, Object>> records = (List<Map<String, Object>>) event.get("records");
            List<Map<String, Object>> out = new ArrayList<>(records.size());
            for (Map<String, Object> r : records) {
                out.add(
                        Map.of(
                                "recordId",
                                r.get("recordId"),
                                "result",
                                "Ok",
                                "data",
                                r.get("data")));
            }
            return Map.of("records", out);
        }
    }
}
