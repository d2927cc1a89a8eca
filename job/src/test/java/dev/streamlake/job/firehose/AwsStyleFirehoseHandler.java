package dev.streamlake.job.firehose;

import static com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Result.Ok;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A Firehose transformation handler written the way AWS's own Java sample writes one ({@code
 * samples/kinesis-firehose-event-handler} in {@code aws/aws-lambda-java-libs}: {@code
 * RequestHandler<KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse>}, the data read
 * with {@code getData().array()}, each record returned {@code Ok} under its {@code recordId}). Its
 * business logic, as in the sample, reverses the text; it also logs through the context, as AWS's
 * examples do.
 */
public class AwsStyleFirehoseHandler
        implements RequestHandler<
                KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {

    @Override
    public KinesisAnalyticsInputPreprocessingResponse handleRequest(
            KinesisFirehoseEvent event, Context context) {
        context.getLogger()
                .log(
                        "invocation "
                                + event.getInvocationId()
                                + ": "
                                + event.getRecords().size()
                                + " records");
        List<KinesisAnalyticsInputPreprocessingResponse.Record> records = new ArrayList<>();
        for (KinesisFirehoseEvent.Record record : event.getRecords()) {
            String text = new String(record.getData().array(), UTF_8);
            String reversed = new StringBuilder(text).reverse().toString();
            records.add(
                    new KinesisAnalyticsInputPreprocessingResponse.Record(
                            record.getRecordId(), Ok, ByteBuffer.wrap(reversed.getBytes(UTF_8))));
        }
        return new KinesisAnalyticsInputPreprocessingResponse(records);
    }
}
