package dev.streamlake.job.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/**
 * A task metric group that remembers every metric registered below it, for operator test harnesses:
 * {@code new OneInputStreamOperatorTestHarness<>(operator, probe.environment())}, then {@code
 * probe.count("kinesisanalytics.recordsIn")}. Metrics are found by the end of their identifier, the
 * part the operator chose (groups and name, dot-separated).
 */
public final class MetricsProbe {
    private final Map<String, Metric> metrics = new TreeMap<>();
    private final TaskMetricGroup task;

    public MetricsProbe() {
        TestingMetricRegistry registry =
                TestingMetricRegistry.builder()
                        .setDelimiter('.')
                        .setRegisterConsumer(
                                (metric, name, group) -> {
                                    synchronized (metrics) {
                                        metrics.put(group.getMetricIdentifier(name), metric);
                                    }
                                })
                        .build();
        task =
                TaskManagerMetricGroup.createTaskManagerMetricGroup(
                                registry, "localhost", ResourceID.generate())
                        .addJob(new JobID(), "job")
                        .addTask(ExecutionAttemptID.randomId(), "task");
    }

    public MockEnvironment environment() {
        return environmentBuilder().build();
    }

    /** For an environment with more than the metric group, e.g. a managed memory size. */
    public MockEnvironmentBuilder environmentBuilder() {
        return new MockEnvironmentBuilder().setMetricGroup(task);
    }

    public long count(String path) {
        return ((Counter) find(path)).getCount();
    }

    public Object value(String path) {
        return ((Gauge<?>) find(path)).getValue();
    }

    public boolean has(String path) {
        return matching(path).size() == 1;
    }

    private Metric find(String path) {
        List<String> ids = matching(path);
        if (ids.size() != 1) {
            throw new AssertionError(
                    "expected one metric ending in ."
                            + path
                            + ", found "
                            + ids
                            + " among "
                            + metrics.keySet());
        }
        synchronized (metrics) {
            return metrics.get(ids.get(0));
        }
    }

    private List<String> matching(String path) {
        synchronized (metrics) {
            return metrics.keySet().stream()
                    .filter(id -> id.endsWith("." + path))
                    .collect(Collectors.toList());
        }
    }
}
