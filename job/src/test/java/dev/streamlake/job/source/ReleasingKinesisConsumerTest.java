package dev.streamlake.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.JobSettings;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.kinesis.shaded.com.amazonaws.http.IdleConnectionReaper;
import org.apache.flink.kinesis.shaded.org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.junit.jupiter.api.Test;

/**
 * The consumer registers, at open, a classloader release hook that stops the AWS SDK v1 reaper
 * thread, the thread that otherwise keeps a cancelled job's classloader alive. The runtime context
 * is a stand-in that records the hooks, as Flink's user-code classloader does.
 */
class ReleasingKinesisConsumerTest {

    @Test
    void releaseHookStopsTheSdkReaperThread() throws Exception {
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager();
        IdleConnectionReaper.registerConnectionManager(
                connections); // what every SDK v1 client does
        Thread reaper =
                reaperThread().orElseThrow(() -> new AssertionError("no reaper thread started"));

        Map<String, Runnable> hooks = new LinkedHashMap<>();
        ReleasingKinesisConsumer<?> consumer =
                new ReleasingKinesisConsumer<>(
                        "s",
                        new RawRecordSchema(),
                        KinesisSources.consumerProperties(JobSettings.config()));
        consumer.setRuntimeContext(recordingHooks(hooks));
        consumer.open(DefaultOpenContext.INSTANCE);
        consumer.open(DefaultOpenContext.INSTANCE); // a second subtask in the same TaskManager

        assertThat(hooks).containsOnlyKeys(ReleasingKinesisConsumer.RELEASE_HOOK);
        assertThat(reaper.isAlive()).isTrue();
        hooks.values().forEach(Runnable::run); // Flink releasing the job's classloader

        reaper.join(60_000); // bounds a hang only; the assertion is on the thread's state
        assertThat(reaper.isAlive()).isFalse();
        assertThat(IdleConnectionReaper.getRegisteredConnectionManagers()).isEmpty();
        connections.close();
    }

    private static Optional<Thread> reaperThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("java-sdk-http-connection-reaper") && t.isAlive())
                .filter(t -> t.getClass() == IdleConnectionReaper.class)
                .findFirst();
    }

    /**
     * A runtime context answering only getUserCodeClassLoader and
     * registerUserCodeClassLoaderReleaseHookIfAbsent.
     */
    private static RuntimeContext recordingHooks(Map<String, Runnable> hooks) {
        return (RuntimeContext)
                Proxy.newProxyInstance(
                        RuntimeContext.class.getClassLoader(),
                        new Class<?>[] {RuntimeContext.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("getUserCodeClassLoader")) {
                                return ReleasingKinesisConsumerTest.class.getClassLoader();
                            }
                            if (method.getName()
                                    .equals("registerUserCodeClassLoaderReleaseHookIfAbsent")) {
                                hooks.putIfAbsent((String) args[0], (Runnable) args[1]);
                                return null;
                            }
                            throw new UnsupportedOperationException(method.getName());
                        });
    }
}
