package io.qualitymonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the deployment files by reading them (no cluster, no Docker engine here): the manifests
 * parse and agree with each other, and the settings they carry load into a valid configuration.
 * Jackson's YAML module comes with Kafka's test runtime.
 */
class DeploymentFilesTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path K8S = REPO.resolve("k8s");
    // The manifests before kustomize: the base and the replay Job (overlays hold patches only).
    private static final List<Path> MANIFEST_DIRS =
            List.of(K8S.resolve("base"), K8S.resolve("replay"));
    private static final Path DOCKER = REPO.resolve("docker");
    private static final ObjectMapper YAML = new YAMLMapper();

    @TempDir Path tmp;

    @Test
    void shouldParseEveryKubernetesManifestIntoNamedObjects() throws IOException {
        // When
        List<JsonNode> docs = manifests();

        // Then
        assertThat(docs)
                .extracting(d -> d.path("kind").asText())
                .contains(
                        "Deployment",
                        "ConfigMap",
                        "Secret",
                        "Service",
                        "PodDisruptionBudget",
                        "ServiceAccount",
                        "NetworkPolicy",
                        "Job");
        assertThat(docs)
                .allSatisfy(
                        d -> {
                            assertThat(d.path("apiVersion").asText()).isNotBlank();
                            assertThat(d.path("metadata").path("name").asText()).isNotBlank();
                        });
    }

    @Test
    void shouldProbeHealthAndExposeMetricsOnTheConfiguredPort() throws IOException {
        // Given
        JsonNode pod = find("Deployment", "quality-monitor").path("spec").path("template");
        JsonNode container = pod.path("spec").path("containers").get(0);
        AppConfig config = loadKubernetesConfig();

        // Then
        int port = config.metrics().port();
        assertThat(find("Deployment", "quality-monitor").path("spec").path("replicas").asInt())
                .isEqualTo(2);
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/health/ready");
        assertThat(pod.path("metadata").path("annotations").path("prometheus.io/port").asText())
                .isEqualTo(Integer.toString(port));
        assertThat(container.path("args").toString()).doesNotContain("--create-topics");
    }

    @Test
    void shouldGiveTheDeploymentAndTheReplayJobArgumentsTheCommandLineAccepts() throws IOException {
        // Given the container arguments of the Deployment and of the replay Job example
        for (String[] kindAndName :
                List.of(
                        new String[] {"Deployment", "quality-monitor"},
                        new String[] {"Job", "quality-monitor-replay-rescore-2026-11"})) {
            JsonNode container =
                    find(kindAndName[0], kindAndName[1])
                            .path("spec")
                            .path("template")
                            .path("spec")
                            .path("containers")
                            .get(0);
            List<String> args = new ArrayList<>();
            container.path("args").forEach(a -> args.add(a.asText()));
            // When the launcher's own parser reads them, then it accepts every option
            var parsed =
                    new picocli.CommandLine(new io.qualitymonitor.cli.QualityMonitorCommand())
                            .parseArgs(args.toArray(String[]::new));
            assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(args.get(0));
        }
    }

    @Test
    void shouldSelectTheDeploymentsPodsFromTheServiceAndTheBudget() throws IOException {
        // Given
        JsonNode labels =
                find("Deployment", "quality-monitor")
                        .path("spec")
                        .path("template")
                        .path("metadata")
                        .path("labels");

        // Then
        assertThat(
                        subset(
                                find("Service", "quality-monitor-metrics")
                                        .path("spec")
                                        .path("selector"),
                                labels))
                .isTrue();
        assertThat(
                        subset(
                                find("PodDisruptionBudget", "quality-monitor")
                                        .path("spec")
                                        .path("selector")
                                        .path("matchLabels"),
                                labels))
                .isTrue();
    }

    @Test
    void shouldLoadTheKubernetesSettingsWithSecretsFromTheSecret() throws IOException {
        // When
        AppConfig config = loadKubernetesConfig();

        // Then
        assertThat(config.kafka().passThrough()).containsKey("sasl.jaas.config");
        assertThat(config.registry().basicAuthUserInfo()).contains(":");
        assertThat(config.batch().maxSize()).isEqualTo(8);
        assertThat(config.model().dir()).isEqualTo(Path.of("/app/models/default"));
    }

    @Test
    void shouldLoadTheDockerSettingsWithTheExposedAndHealthCheckedPort() throws IOException {
        // Given
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        JsonNode compose = YAML.readTree(DOCKER.resolve("docker-compose.yml").toFile());

        // When
        AppConfig config =
                new ConfigLoader(Map.of(), new Properties())
                        .load(DOCKER.resolve("quality-monitor.properties"), Map.of());

        // Then
        int port = config.metrics().port();
        assertThat(dockerfile)
                .contains("EXPOSE " + port)
                .contains("http://127.0.0.1:" + port + "/health/live")
                .contains("ENTRYPOINT [\"/app/quality-monitor-entrypoint\"]");
        assertThat(Files.isExecutable(DOCKER.resolve("quality-monitor-entrypoint"))).isTrue();
        JsonNode services = compose.path("services");
        assertThat(services.path("quality-monitor").path("ports").toString())
                .contains(port + ":" + port);
        assertThat(services.path("kafka").path("image").asText())
                .isEqualTo(DockerDeploymentIntegrationTest.KAFKA_IMAGE);
        assertThat(services.path("registry").path("image").asText())
                .isEqualTo(DockerDeploymentIntegrationTest.REGISTRY_IMAGE);
    }

    private AppConfig loadKubernetesConfig() throws IOException {
        return kubernetesConfig(tmp, Map.of());
    }

    /**
     * Returns the configuration the base's pods load: the ConfigMaps and the Secret example, plus
     * {@code moreEnv} (an overlay's variables), with files written under {@code tmp}.
     */
    static AppConfig kubernetesConfig(Path tmp, Map<String, String> moreEnv) throws IOException {
        Path file = tmp.resolve("quality-monitor.properties");
        Files.writeString(
                file,
                find("ConfigMap", "quality-monitor-config")
                        .path("data")
                        .path("quality-monitor.properties")
                        .asText());
        Map<String, String> env = new HashMap<>();
        find("ConfigMap", "quality-monitor-env")
                .path("data")
                .properties()
                .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        find("Secret", "quality-monitor-secrets")
                .path("stringData")
                .properties()
                .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        env.putAll(moreEnv);
        return new ConfigLoader(env, new Properties()).load(file, Map.of());
    }

    private static boolean subset(JsonNode selector, JsonNode labels) {
        List<Boolean> matches = new ArrayList<>();
        selector.properties()
                .forEach(e -> matches.add(e.getValue().equals(labels.path(e.getKey()))));
        return !matches.isEmpty() && !matches.contains(false);
    }

    static JsonNode find(String kind, String name) throws IOException {
        return manifests().stream()
                .filter(d -> d.path("kind").asText().equals(kind))
                .filter(d -> d.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no " + kind + " " + name + " in " + MANIFEST_DIRS));
    }

    private static List<JsonNode> manifests() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        for (Path dir : MANIFEST_DIRS) {
            docs.addAll(yamlDocuments(dir));
        }
        return docs;
    }

    /**
     * Returns the objects of the {@code .yaml} (and {@code .yaml.example}) files of {@code dir}.
     */
    static List<JsonNode> yamlDocuments(Path dir) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(
                                    p ->
                                            p.toString().endsWith(".yaml")
                                                    || p.toString().endsWith(".yaml.example"))
                            .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                            .sorted()
                            .toList()) {
                try (var parser = new YAMLFactory().createParser(f.toFile())) {
                    YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
                }
            }
        }
        return docs;
    }
}
