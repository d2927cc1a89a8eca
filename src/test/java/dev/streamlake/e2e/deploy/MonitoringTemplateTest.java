package dev.streamlake.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.job.metrics.LakeMetrics;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alarms and the dashboard of kda-deploy/template.yaml use the metrics the job and Managed
 * Flink publish.
 */
class MonitoringTemplateTest {
    private static final Map<String, Object> TEMPLATE = CfnTemplate.load(DeployFiles.template());

    /**
     * Managed Flink's own metrics the template uses (AWS/KinesisAnalytics, Application dimension).
     */
    private static final Set<String> MANAGED_FLINK_METRICS =
            Set.of(
                    "numberOfFailedCheckpoints",
                    "fullRestarts",
                    "lastCheckpointDuration",
                    "downtime");

    private static final Pattern METRIC_IN_QUERY =
            Pattern.compile("(?:MAX|SUM|AVG|MIN)\\((\\w+)\\)|MetricName=\\\\?\"(\\w+)");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resource(String name) {
        Object r = TemplateChecks.section(TEMPLATE, "Resources").get(name);
        assertThat(r).as("resource " + name).isNotNull();
        return (Map<String, Object>) r;
    }

    @Test
    void alarmsCoverFailedRecordsFreshnessCheckpointFailuresAndRestarts() {
        for (String alarm :
                List.of(
                        "FailedRecordsAlarm",
                        "DataFreshnessAlarm",
                        "CheckpointFailuresAlarm",
                        "RestartsAlarm")) {
            Map<String, Object> r = resource(alarm);
            assertThat(r.get("Type")).isEqualTo("AWS::CloudWatch::Alarm");
            assertThat(r.get("Condition"))
                    .as(alarm + " exists with the application")
                    .isEqualTo("HasCode");
            assertThat(String.valueOf(TemplateChecks.path(r, "Properties", "AlarmActions")))
                    .as(alarm + " notifies the topic when one is given")
                    .contains("HasAlarmTopic")
                    .contains("AlarmTopicArn");
        }
        assertThat(metricsOf(resource("FailedRecordsAlarm")))
                .containsExactly(LakeMetrics.RECORDS_FAILED);
        assertThat(metricsOf(resource("DataFreshnessAlarm")))
                .containsExactly(LakeMetrics.DATA_FRESHNESS);
        assertThat(metricsOf(resource("CheckpointFailuresAlarm")))
                .containsExactly("numberOfFailedCheckpoints");
        assertThat(metricsOf(resource("RestartsAlarm"))).containsExactly("fullRestarts");
    }

    @Test
    void everyMetricTheTemplateNamesIsPublished() {
        Set<String> used = metricsOf(TemplateChecks.section(TEMPLATE, "Resources"));
        Set<String> known = new TreeSet<>(MANAGED_FLINK_METRICS);
        known.addAll(LakeMetrics.COUNTERS);
        known.addAll(LakeMetrics.GAUGES);
        assertThat(used).hasSizeGreaterThan(10).isSubsetOf(known);
    }

    @Test
    void dashboardBodyIsJsonWithEveryAlarm() throws Exception {
        Map<String, Object> dashboard = resource("Dashboard");
        String body =
                String.valueOf(
                        ((Map<?, ?>) TemplateChecks.path(dashboard, "Properties", "DashboardBody"))
                                .get("Fn::Sub"));
        String resolved =
                body.replace("${AWS::Region}", "eu-west-1")
                        .replace("${ApplicationName}", "streamlake")
                        .replaceAll(
                                "\\$\\{(\\w+)\\.Arn}",
                                "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:$1");
        JsonNode json = new ObjectMapper().readTree(resolved);
        List<String> alarms = new ArrayList<>();
        for (JsonNode w : json.path("widgets")) {
            if (w.path("type").asText().equals("alarm"))
                w.path("properties").path("alarms").forEach(a -> alarms.add(a.asText()));
        }
        assertThat(alarms)
                .hasSize(4)
                .allSatisfy(a -> assertThat(a).startsWith("arn:aws:cloudwatch:"));
        assertThat(json.path("widgets")).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void monitoringDocNamesEveryMetricAndTheMetricsLevel() throws Exception {
        String doc = Files.readString(DeployFiles.root().resolve("docs/MONITORING.md"));
        for (String m : LakeMetrics.COUNTERS) assertThat(doc).contains("`" + m + "`");
        for (String m : LakeMetrics.GAUGES) assertThat(doc).contains("`" + m + "`");
        for (String m : MANAGED_FLINK_METRICS) assertThat(doc).contains("`" + m + "`");
        assertThat(doc).contains("MetricsLevel").contains("`" + LakeMetrics.GROUP + "`");
    }

    /**
     * Metric names in MetricStat blocks, Metrics Insights queries and SEARCH expressions below a
     * node.
     */
    private static Set<String> metricsOf(Object node) {
        Set<String> out = new TreeSet<>();
        collect(node, out);
        return out;
    }

    private static void collect(Object node, Set<String> out) {
        if (node instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) node;
            Object name = map.get("MetricName");
            if (name instanceof String) out.add((String) name);
            map.values().forEach(v -> collect(v, out));
        } else if (node instanceof List) {
            ((List<?>) node).forEach(v -> collect(v, out));
        } else if (node instanceof String) {
            Matcher m = METRIC_IN_QUERY.matcher((String) node);
            while (m.find()) out.add(m.group(1) != null ? m.group(1) : m.group(2));
            // Dashboard rows: ["AWS/KinesisAnalytics", "<metric>", ...] and [".", "<metric>", ...]
            Matcher row =
                    Pattern.compile("\\[\"(?:AWS/KinesisAnalytics|\\.)\", \"(\\w+)\"")
                            .matcher((String) node);
            while (row.find()) out.add(row.group(1));
        }
    }
}
