package dev.streamlake.job.firehose;

import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a handler's response by Firehose's rules: a {@code records} list with exactly one entry per
 * record sent, matched by {@code recordId}, each with {@code result} {@code Ok} (and its new {@code
 * data}), {@code Dropped} or {@code ProcessingFailed}. Anything else fails the whole invocation, as
 * in Firehose; the reason says what was wrong and names the record.
 *
 * <p>{@link KinesisAnalyticsInputPreprocessingResponse} (what AWS's Java samples return) is read as
 * is; any other object (a {@code Map}, the user's own POJO, a stream handler's bytes) through its
 * JSON, as Lambda's runtime would serialize it for Firehose.
 */
final class FirehoseResponse {
    enum Result {
        Ok,
        Dropped,
        ProcessingFailed
    }

    /** One record's result: its new data for {@code Ok}, else null. */
    static final class Outcome {
        final Result result;
        final byte[] data;

        Outcome(Result result, byte[] data) {
            this.result = result;
            this.data = data;
        }
    }

    /** An invalid response: the reason, as the errors table's message will say it. */
    static final class InvalidResponse extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidResponse(String reason) {
            super(reason, null, false, false);
        }
    }

    private FirehoseResponse() {}

    /** Each record's outcome, in the order the records were sent. */
    static Outcome[] read(Object response, FirehoseEvents sent) throws InvalidResponse {
        if (response == null) throw new InvalidResponse("the handler returned null");
        if (response instanceof KinesisAnalyticsInputPreprocessingResponse) {
            return readLibraryResponse((KinesisAnalyticsInputPreprocessingResponse) response, sent);
        }
        if (response instanceof String) {
            throw new InvalidResponse(
                    "the handler returned a String, which Lambda sends as a JSON string,"
                            + " not a response object with records");
        }
        JsonNode json;
        try {
            json =
                    response instanceof byte[]
                            ? FirehoseEvents.JSON.readTree((byte[]) response)
                            : FirehoseEvents.JSON.valueToTree(response);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidResponse("the response is not JSON: " + e.getMessage());
        }
        return readJson(json, sent);
    }

    private static Outcome[] readLibraryResponse(
            KinesisAnalyticsInputPreprocessingResponse response, FirehoseEvents sent)
            throws InvalidResponse {
        List<KinesisAnalyticsInputPreprocessingResponse.Record> records = response.getRecords();
        if (records == null) throw new InvalidResponse("the response has no records list");
        Matcher m = new Matcher(sent);
        for (KinesisAnalyticsInputPreprocessingResponse.Record r : records) {
            if (r == null) throw new InvalidResponse("the response's records list holds a null");
            int index = m.indexOf(r.getRecordId());
            Result result = r.getResult() == null ? null : Result.valueOf(r.getResult().name());
            m.put(
                    index,
                    result,
                    r.getResult() == null ? "null" : r.getResult().name(),
                    bytes(r.getData()));
        }
        return m.outcomes();
    }

    private static Outcome[] readJson(JsonNode json, FirehoseEvents sent) throws InvalidResponse {
        if (!json.isObject()) {
            throw new InvalidResponse(
                    "the response is a JSON "
                            + json.getNodeType().name().toLowerCase()
                            + ", not an object with records");
        }
        JsonNode records = json.get("records");
        if (records == null || !records.isArray())
            throw new InvalidResponse("the response has no records list");
        Matcher m = new Matcher(sent);
        for (JsonNode r : records) {
            if (!r.isObject())
                throw new InvalidResponse("the response's records list holds a " + r.getNodeType());
            JsonNode id = r.get("recordId");
            int index = m.indexOf(id == null || !id.isTextual() ? null : id.asText());
            JsonNode resultNode = r.get("result");
            String resultText =
                    resultNode == null || resultNode.isNull() ? "null" : resultNode.toString();
            Result result = null;
            if (resultNode != null && resultNode.isTextual()) {
                for (Result candidate : Result.values()) {
                    if (candidate.name().equals(resultNode.asText())) result = candidate;
                }
            }
            byte[] data = null;
            JsonNode dataNode = r.get("data");
            if (result == Result.Ok && dataNode != null && dataNode.isBinary()) {
                data = ((BinaryNode) dataNode).binaryValue(); // a POJO's ByteBuffer
            } else if (result == Result.Ok && dataNode != null && !dataNode.isNull()) {
                if (!dataNode.isTextual()) {
                    throw new InvalidResponse(
                            "recordId '"
                                    + m.ids.get(index)
                                    + "' has data that is a JSON "
                                    + dataNode.getNodeType().name().toLowerCase()
                                    + ", not a base64 string");
                }
                try {
                    data = Base64.getDecoder().decode(dataNode.asText());
                } catch (IllegalArgumentException e) {
                    throw new InvalidResponse(
                            "recordId '"
                                    + m.ids.get(index)
                                    + "' has data that is not base64: "
                                    + e.getMessage());
                }
            }
            m.put(index, result, resultText, data);
        }
        return m.outcomes();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) return null;
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Matches returned entries to the records sent, by id, and checks each entry. */
    private static final class Matcher {
        final List<String> ids;
        final Map<String, Integer> indexOfId;
        final Outcome[] outcomes;
        long responseBytes;
        int returned;

        Matcher(FirehoseEvents sent) {
            this.ids = sent.recordIds();
            this.indexOfId = new HashMap<>(ids.size() * 2);
            for (int i = 0; i < ids.size(); i++) indexOfId.put(ids.get(i), i);
            this.outcomes = new Outcome[ids.size()];
        }

        int indexOf(String recordId) throws InvalidResponse {
            if (recordId == null) throw new InvalidResponse("a returned record has no recordId");
            Integer index = indexOfId.get(recordId);
            if (index == null)
                throw new InvalidResponse(
                        "unknown recordId '" + recordId + "' (not in the invocation)");
            if (outcomes[index] != null)
                throw new InvalidResponse("recordId '" + recordId + "' returned twice");
            return index;
        }

        void put(int index, Result result, String resultText, byte[] data) throws InvalidResponse {
            String id = ids.get(index);
            if (result == null) {
                throw new InvalidResponse(
                        "recordId '"
                                + id
                                + "' has result "
                                + resultText
                                + "; expected Ok, Dropped or ProcessingFailed");
            }
            if (result == Result.Ok && data == null) {
                throw new InvalidResponse("recordId '" + id + "' is Ok without data");
            }
            responseBytes +=
                    FirehoseEvents.RECORD_OVERHEAD_BYTES / 4
                            + (data == null ? 0 : 4L * ((data.length + 2) / 3));
            if (responseBytes > FirehoseEvents.MAX_PAYLOAD_BYTES) {
                throw new InvalidResponse(
                        "the response is over Lambda's 6 MB payload limit (at recordId '"
                                + id
                                + "')");
            }
            outcomes[index] = new Outcome(result, result == Result.Ok ? data : null);
            returned++;
        }

        Outcome[] outcomes() throws InvalidResponse {
            if (returned < outcomes.length) {
                for (int i = 0; i < outcomes.length; i++) {
                    if (outcomes[i] == null) {
                        throw new InvalidResponse(
                                "returned "
                                        + returned
                                        + " records for "
                                        + outcomes.length
                                        + " sent; recordId '"
                                        + ids.get(i)
                                        + "' is missing");
                    }
                }
            }
            return outcomes;
        }
    }
}
