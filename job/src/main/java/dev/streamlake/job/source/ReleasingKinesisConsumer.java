package dev.streamlake.job.source;

import java.util.Properties;
import org.apache.commons.logging.LogFactory;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.kinesis.shaded.com.amazonaws.http.IdleConnectionReaper;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;

/**
 * The connector's {@link FlinkKinesisConsumer}, plus what lets a session cluster unload the job.
 *
 * <p>Its polling client (AWS SDK v1, shaded in the connector) is never shut down, so the SDK's
 * static {@code IdleConnectionReaper} thread outlives the job; a live thread whose class and
 * context classloader are the job's user-code classloader keeps that classloader, and every class
 * in it, alive. Only the client's finalizer would stop it, once a collection finds the client
 * unreachable (and finalization is deprecated for removal). When Flink releases the classloader
 * (the job's last task in this TaskManager is gone), the hook registered here stops that thread. It
 * also drops commons-logging's factories cached for that classloader (the SDK logs through
 * commons-logging, which Flink loads parent-first: a TaskManager that has it would otherwise keep
 * them). The other pin, the SDK's {@code AwsSdkMetrics} MBean, is kept out of the jar instead
 * (job/pom.xml's shade filter).
 */
public class ReleasingKinesisConsumer<T> extends FlinkKinesisConsumer<T> {
    private static final long serialVersionUID = 1L;

    /** The hook's name: one per classloader, whatever the number of source subtasks in it. */
    static final String RELEASE_HOOK = "streamlake: stop the AWS SDK v1 IdleConnectionReaper";

    public ReleasingKinesisConsumer(
            String stream, KinesisDeserializationSchema<T> schema, Properties config) {
        super(stream, schema, config);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        ClassLoader userCode = getRuntimeContext().getUserCodeClassLoader();
        getRuntimeContext()
                .registerUserCodeClassLoaderReleaseHookIfAbsent(
                        RELEASE_HOOK,
                        () -> {
                            IdleConnectionReaper.shutdown();
                            LogFactory.release(userCode);
                        });
        super.open(openContext);
    }
}
