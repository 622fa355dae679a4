package io.qualitymonitor.deploy;

import static io.qualitymonitor.deploy.DeploymentFilesTest.find;
import static io.qualitymonitor.deploy.DeploymentFilesTest.yamlDocuments;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the monitoring files: the PrometheusRule and the plain rule file agree, the monitors
 * scrape the app's metrics port, every dashboard panel queries something, and the compose stack
 * uses the same dashboard and rules. The metric names themselves are checked against a real scrape
 * by {@code RunCommandIntegrationTest}; promtool runs in {@code .ci/deployment-checks}.
 */
class MonitoringFilesTest {
    private static final Path MONITORING = MonitoringQueries.REPO.resolve("k8s/monitoring");
    private static final ObjectMapper YAML = new YAMLMapper();

    @Test
    void shouldCarryTheSameRulesInThePrometheusRuleAsInTheRuleFile() throws IOException {
        // Given
        JsonNode file = YAML.readTree(MonitoringQueries.RULES.toFile());
        JsonNode crd = only(MONITORING, "PrometheusRule");

        // Then
        assertThat(crd.path("spec")).isEqualTo(file);
        List<String> alerts = new ArrayList<>();
        file.findValues("alert").forEach(a -> alerts.add(a.asText()));
        assertThat(alerts)
                .contains(
                        "QualityMonitorDeadLetterRate",
                        "QualityMonitorLagGrowing",
                        "QualityMonitorLatencyHigh",
                        "QualityMonitorDriftDetected",
                        "QualityMonitorNotReady");
        assertThat(file.findValues("runbook_url"))
                .hasSameSizeAs(alerts)
                .allSatisfy(u -> assertThat(u.asText()).startsWith("docs/operations.md#"));
    }

    @Test
    void shouldScrapeTheMetricsPortOfTheAppsPodsFromBothMonitors() throws IOException {
        // Given
        JsonNode service = find("Service", "quality-monitor-metrics");
        JsonNode pod = find("Deployment", "quality-monitor").at("/spec/template");
        JsonNode serviceMonitor = only(MONITORING, "ServiceMonitor");
        JsonNode podMonitor = only(MONITORING.resolve("pod-monitor"), "PodMonitor");

        // Then the ServiceMonitor selects the Service and scrapes its named port
        assertThat(serviceMonitor.at("/spec/endpoints/0/port").asText())
                .isEqualTo(service.at("/spec/ports/0/name").asText());
        serviceMonitor
                .at("/spec/selector/matchLabels")
                .properties()
                .forEach(
                        e ->
                                assertThat(service.at("/metadata/labels").path(e.getKey()))
                                        .isEqualTo(e.getValue()));
        // and the PodMonitor selects the pods and scrapes their named container port
        assertThat(podMonitor.at("/spec/podMetricsEndpoints/0/port").asText())
                .isEqualTo(pod.at("/spec/containers/0/ports/0/name").asText());
        podMonitor
                .at("/spec/selector/matchLabels")
                .properties()
                .forEach(
                        e ->
                                assertThat(pod.at("/metadata/labels").path(e.getKey()))
                                        .isEqualTo(e.getValue()));
        assertThat(serviceMonitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(podMonitor.at("/spec/podMetricsEndpoints/0/path").asText())
                .isEqualTo("/metrics");
    }

    @Test
    void shouldQuerySomethingInEveryDashboardPanel() throws IOException {
        // Given
        JsonNode dashboard = new ObjectMapper().readTree(MonitoringQueries.DASHBOARD.toFile());

        // Then every panel but the rows has a query, through the templated data source
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        assertThat(panels).hasSizeGreaterThan(15);
        assertThat(panels)
                .filteredOn(p -> !p.path("type").asText().equals("row"))
                .allSatisfy(
                        p -> {
                            assertThat(p.path("targets").size()).as(p.toString()).isPositive();
                            assertThat(p.path("targets").findValues("expr"))
                                    .allSatisfy(e -> assertThat(e.asText()).isNotBlank());
                            assertThat(p.at("/datasource/uid").asText()).isEqualTo("${datasource}");
                        });
        assertThat(dashboard.path("uid").asText()).isEqualTo("quality-monitor");
        // and the app's own metrics it queries cover each concern the issue lists
        assertThat(MonitoringQueries.appMetricNames())
                .contains(
                        "qm_stream_records_in_total",
                        "qm_stream_records_out_total",
                        "qm_stream_dead_letters_total",
                        "qm_stream_end_to_end_seconds_bucket",
                        "qm_batch_size_items_bucket",
                        "qm_batch_queue_time_seconds_bucket",
                        "qm_stream_inference_seconds_bucket",
                        "qm_stream_drift_scores_bucket",
                        "qm_stream_drift_alerts_total",
                        "kafka_consumer_fetch_manager_records_lag",
                        "jvm_memory_used_bytes");
    }

    @Test
    void shouldGiveTheComposeStackTheSameDashboardAndRules() throws IOException {
        // Given
        Path docker = MonitoringQueries.REPO.resolve("docker");
        JsonNode services =
                YAML.readTree(docker.resolve("docker-compose.yml").toFile()).path("services");
        JsonNode prometheus = YAML.readTree(docker.resolve("prometheus/prometheus.yml").toFile());

        // Then Prometheus mounts the rule file where its configuration loads rules from
        List<Path> mounted = new ArrayList<>();
        for (String service : List.of("prometheus", "grafana")) {
            services.path(service)
                    .path("volumes")
                    .forEach(
                            v -> mounted.add(docker.resolve(v.asText().split(":")[0]).normalize()));
        }
        assertThat(mounted).contains(MonitoringQueries.RULES, MonitoringQueries.DASHBOARD);
        assertThat(prometheus.at("/rule_files/0").asText()).startsWith("/etc/prometheus/rules/");
        assertThat(services.at("/prometheus/volumes").toString())
                .contains("/etc/prometheus/rules/quality-monitor-rules.yml");
        // and scrapes the app's metrics port
        assertThat(prometheus.at("/scrape_configs/0/static_configs/0/targets/0").asText())
                .isEqualTo("quality-monitor:9404");
    }

    private static JsonNode only(Path dir, String kind) throws IOException {
        List<JsonNode> found =
                yamlDocuments(dir).stream()
                        .filter(d -> d.path("kind").asText().equals(kind))
                        .toList();
        assertThat(found).as(kind + " in " + dir).hasSize(1);
        return found.get(0);
    }
}
