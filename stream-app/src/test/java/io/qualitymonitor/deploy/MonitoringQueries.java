package io.qualitymonitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PromQL of the monitoring files (the Grafana dashboard, the alerting rules and the
 * Prometheus adapter's rules) and returns the metric names they query that the app itself must
 * export: those of its own meters ({@code qm_}), Kafka's client meters and the JVM and process
 * meters. Names from elsewhere ({@code up}, kube-state-metrics' {@code kube_}) are left out.
 */
public final class MonitoringQueries {
    /** The repository's root (tests run in {@code stream-app/}). */
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    /** The Grafana dashboard, shared by the compose stack and Kubernetes. */
    public static final Path DASHBOARD =
            REPO.resolve("k8s/monitoring/grafana/quality-monitor.json");

    /** The alerting rules in Prometheus' rule-file format. */
    public static final Path RULES =
            REPO.resolve("k8s/monitoring/prometheus/quality-monitor-rules.yml");

    /** The Prometheus adapter's rules of the HPA overlay. */
    public static final Path ADAPTER =
            REPO.resolve("k8s/overlays/autoscale-hpa/prometheus-adapter-values.yaml");

    private static final Pattern APP_METRIC =
            Pattern.compile("\\b((?:qm|kafka|jvm|process|system)_[a-z0-9_]+)\\b");

    private MonitoringQueries() {}

    /** Returns every PromQL expression of the dashboard, the rules and the adapter's rules. */
    public static List<String> expressions() {
        List<String> exprs = new ArrayList<>();
        try {
            JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
            dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
            dashboard
                    .path("templating")
                    .path("list")
                    .findValues("definition")
                    .forEach(e -> exprs.add(e.asText()));
            YAMLMapper yaml = new YAMLMapper();
            yaml.readTree(RULES.toFile()).findValues("expr").forEach(e -> exprs.add(e.asText()));
            for (JsonNode rule : yaml.readTree(ADAPTER.toFile()).path("rules").path("custom")) {
                exprs.add(rule.path("seriesQuery").asText());
                exprs.add(rule.path("metricsQuery").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return exprs;
    }

    /** Returns the app's metric names that {@link #expressions()} name. */
    public static Set<String> appMetricNames() {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions()) {
            Matcher m = APP_METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Returns the metric names (with their _bucket, _count, _sum suffixes) of a scrape. */
    public static Set<String> scrapedNames(String scrape) {
        Set<String> names = new TreeSet<>();
        scrape.lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }
}
