package dev.streamlake.e2e.support;

import java.net.URI;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster of an end-to-end test class: loopback only, its REST API's metrics fresh. */
public final class TestCluster {
    private TestCluster() {}

    public static Configuration loopbackWithQuickMetrics() {
        Configuration c = new Configuration();
        c.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        c.set(RestOptions.BIND_PORT, "0"); // a free port
        c.set(RestOptions.ADDRESS, "127.0.0.1");
        c.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        c.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        c.set(TaskManagerOptions.HOST, "127.0.0.1");
        // The REST API caches metrics; the default refresh (10 s) only slows the test down.
        c.setString("metrics.fetcher.update-interval", "500");
        return c;
    }

    /** One task manager with two slots. */
    public static MiniClusterExtension extension() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(loopbackWithQuickMetrics())
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

    /**
     * A job's environment: checkpoints every 500 ms (the lake commits on checkpoints), up to 3
     * restarts 200 ms apart, the given parallelism.
     */
    public static StreamExecutionEnvironment environment(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return environment(conf, parallelism, 500);
    }

    /**
     * A job's environment with Flink's default restart strategy (with checkpoints on: restarts
     * without a limit): checkpoints every 500 ms, the given parallelism.
     */
    public static StreamExecutionEnvironment withDefaultRestarts(int parallelism) {
        return environment(new Configuration(), parallelism, 500);
    }

    /**
     * A job's environment with restarts switched off, so that a record that crashed the job fails
     * it (and the test): checkpoints every 300 ms, parallelism 2.
     */
    public static StreamExecutionEnvironment withoutRestarts() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return environment(conf, 2, 300);
    }

    private static StreamExecutionEnvironment environment(
            Configuration conf, int parallelism, long checkpointIntervalMillis) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointIntervalMillis);
        return env;
    }

    /** The REST API (and web UI) of a running extension's cluster. */
    public static URI rest(MiniClusterExtension flink) {
        Configuration c = flink.getClientConfiguration();
        return URI.create(
                "http://" + c.get(RestOptions.ADDRESS) + ":" + c.get(RestOptions.PORT) + "/");
    }
}
