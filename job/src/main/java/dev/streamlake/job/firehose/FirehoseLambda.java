package dev.streamlake.job.firehose;

import dev.streamlake.job.config.FirehoseLambdaConfig;
import dev.streamlake.job.config.FirehoseLambdaOptions;
import dev.streamlake.job.firehose.FirehoseResponse.InvalidResponse;
import dev.streamlake.job.firehose.FirehoseResponse.Outcome;
import dev.streamlake.udfs.record.RawRecord;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch of raw records through the configured Firehose transformation handler, as Firehose
 * would: one event, the response checked by {@link FirehoseResponse}, a failed invocation (the
 * handler threw, ran past its timeout, or returned an invalid response) repeated up to {@code
 * number-of-retries} times, then given up: every record of the batch fails with the last attempt's
 * reason. Never throws for anything the handler does, except a {@link VirtualMachineError} other
 * than a stack overflow (the JVM itself is then in trouble).
 */
public final class FirehoseLambda {
    private static final Logger LOG = LoggerFactory.getLogger(FirehoseLambda.class);

    /** What became of each record of a batch, in the batch's order. */
    public interface Results {
        /** An {@code Ok} record: its new payload replaces the old. */
        void ok(RawRecord original, byte[] data);

        /** A {@code Dropped} record: counted, not written. */
        void dropped(RawRecord original);

        /**
         * A {@code ProcessingFailed} record, or one of a failed invocation: to the errors table.
         */
        void failed(RawRecord original, String reason);
    }

    private final FirehoseLambdaConfig config;
    private final LambdaHandler handler;

    private FirehoseLambda(FirehoseLambdaConfig config, LambdaHandler handler) {
        this.config = config;
        this.handler = handler;
    }

    /** Loads the handler; an error names {@code transform.firehose-lambda.handler} and why. */
    public static FirehoseLambda load(FirehoseLambdaConfig config, ClassLoader loader) {
        return new FirehoseLambda(config, LambdaHandler.load(config.handler(), loader));
    }

    /** An upper bound of one record's share of the invocation payload (base64 data and fields). */
    public static long payloadBytes(RawRecord record) {
        return FirehoseEvents.payloadBytes(record);
    }

    /** Lambda's invocation payload limit, 6 MB. */
    public static long maxPayloadBytes() {
        return FirehoseEvents.MAX_PAYLOAD_BYTES;
    }

    /**
     * Invokes the handler on the records (at most {@code 1 + number-of-retries} times) and reports
     * each record; returns how many invocations failed.
     */
    public int invoke(List<RawRecord> records, Results results) {
        String reason = null;
        int attempts = config.retries() + 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            FirehoseEvents event =
                    new FirehoseEvents(
                            UUID.randomUUID().toString(),
                            config.deliveryStreamArn(),
                            config.region(),
                            records);
            Object outcome = attempt(event);
            if (outcome instanceof Outcome[]) {
                report(records, (Outcome[]) outcome, results);
                return attempt - 1;
            }
            reason = (String) outcome;
            LOG.warn(
                    "Firehose Lambda {} invocation {} failed (attempt {} of {}): {}",
                    handler,
                    event.invocationId(),
                    attempt,
                    attempts,
                    reason);
        }
        String message =
                "Firehose Lambda "
                        + handler
                        + ": invocation failed"
                        + (attempts == 1 ? "" : " " + attempts + " times")
                        + ": "
                        + reason;
        for (RawRecord r : records) results.failed(r, message);
        return attempts;
    }

    /** One invocation: each record's outcome, or (a String) why the invocation failed. */
    private Object attempt(FirehoseEvents event) {
        long timeoutMillis = config.timeout().toMillis();
        long start = System.nanoTime();
        Object response;
        try {
            response =
                    handler.invoke(
                            event,
                            new LambdaContext(
                                    event.invocationId(), handler.handlerClass(), timeoutMillis));
        } catch (StackOverflowError e) {
            return "the handler threw " + e;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            return "the handler threw " + e;
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000L;
        if (tookMillis > timeoutMillis) {
            return "the handler ran "
                    + tookMillis
                    + " ms, over "
                    + FirehoseLambdaOptions.TIMEOUT.key()
                    + " ("
                    + timeoutMillis
                    + " ms)";
        }
        try {
            return FirehoseResponse.read(response, event);
        } catch (InvalidResponse e) {
            return e.getMessage();
        } catch (
                RuntimeException
                        e) { // e.g. a user's POJO whose getter throws while it is serialized
            return "the response cannot be read: " + e;
        }
    }

    private void report(List<RawRecord> records, Outcome[] outcomes, Results results) {
        for (int i = 0; i < outcomes.length; i++) {
            RawRecord r = records.get(i);
            switch (outcomes[i].result) {
                case Ok:
                    results.ok(r, outcomes[i].data);
                    break;
                case Dropped:
                    results.dropped(r);
                    break;
                default:
                    results.failed(r, "Firehose Lambda " + handler + " returned ProcessingFailed");
            }
        }
    }

    @Override
    public String toString() {
        return handler.toString();
    }
}
