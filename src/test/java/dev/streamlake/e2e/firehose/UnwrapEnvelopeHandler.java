package dev.streamlake.e2e.firehose;

import static com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Result.Dropped;
import static com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Result.Ok;
import static com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Result.ProcessingFailed;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Firehose transformation Lambda as a Firehose user has it today, written the way AWS's own Java
 * sample writes one ({@code samples/kinesis-firehose-event-handler} in {@code
 * aws/aws-lambda-java-libs}: {@code RequestHandler<KinesisFirehoseEvent,
 * KinesisAnalyticsInputPreprocessingResponse>}, the data read with {@code getData().array()}, one
 * result per {@code recordId}) and run unchanged by the job. Its logic is a common one: unwrap an
 * envelope the producer puts around the payload, drop test traffic, reject what it cannot handle.
 * It works on bytes (not text), so a record that is not UTF-8 reaches the job's validation as it
 * was sent.
 */
public class UnwrapEnvelopeHandler
        implements RequestHandler<
                KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
    private static final String ENVELOPE = "{\"envelope\":";

    @Override
    public KinesisAnalyticsInputPreprocessingResponse handleRequest(
            KinesisFirehoseEvent event, Context context) {
        LambdaLogger logger = context.getLogger();
        logger.log(
                "invocation "
                        + context.getAwsRequestId()
                        + ": "
                        + event.getRecords().size()
                        + " records");
        List<KinesisAnalyticsInputPreprocessingResponse.Record> records = new ArrayList<>();
        for (KinesisFirehoseEvent.Record record : event.getRecords()) {
            byte[] data = record.getData().array();
            String text =
                    new String(
                            data, ISO_8859_1); // one char per byte: markers found, nothing decoded
            if (text.contains("\"status\":\"TEST\"")) {
                records.add(
                        new KinesisAnalyticsInputPreprocessingResponse.Record(
                                record.getRecordId(), Dropped, null));
            } else if (text.contains("\"lambda\":\"reject\"")) {
                records.add(
                        new KinesisAnalyticsInputPreprocessingResponse.Record(
                                record.getRecordId(), ProcessingFailed, null));
            } else if (text.startsWith(ENVELOPE) && text.endsWith("}")) {
                byte[] inner = Arrays.copyOfRange(data, ENVELOPE.length(), data.length - 1);
                records.add(
                        new KinesisAnalyticsInputPreprocessingResponse.Record(
                                record.getRecordId(), Ok, ByteBuffer.wrap(inner)));
            } else {
                records.add(
                        new KinesisAnalyticsInputPreprocessingResponse.Record(
                                record.getRecordId(), Ok, ByteBuffer.wrap(data)));
            }
        }
        return new KinesisAnalyticsInputPreprocessingResponse(records);
    }
}
