package io.qualitymonitor.deploy;

import static io.qualitymonitor.deploy.DeploymentFilesTest.find;
import static io.qualitymonitor.deploy.DeploymentFilesTest.kubernetesConfig;
import static io.qualitymonitor.deploy.DeploymentFilesTest.yamlDocuments;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.qualitymonitor.config.AppConfig;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks what the Kubernetes overlays, the topic resources and the monitoring objects promise,
 * against each other and against the settings the pods load. Rendering and schema validation run in
 * {@code .ci/deployment-checks}; Strimzi's topics are validated here, against Strimzi's model.
 */
class ClusterFilesTest {
    private static final Path K8S = MonitoringQueries.REPO.resolve("k8s");
    private static final ObjectMapper YAML = new YAMLMapper();

    @TempDir Path tmp;

    @Test
    void shouldReadEveryStrimziTopicIntoStrimzisModelWithNoUnknownField() throws IOException {
        // Given
        List<JsonNode> docs = yamlDocuments(K8S.resolve("topics/strimzi"));
        ObjectMapper strict = YAML.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        // When each is read into io.strimzi.api's KafkaTopic
        List<KafkaTopic> topics = new ArrayList<>();
        for (JsonNode doc : docs) {
            topics.add(strict.treeToValue(doc, KafkaTopic.class));
        }

        // Then the types fit and no field is unknown to Strimzi (its model keeps unknown ones)
        assertThat(topics).hasSize(6);
        assertThat(topics)
                .allSatisfy(
                        t -> {
                            assertThat(t.getApiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
                            assertThat(t.getMetadata().getLabels())
                                    .containsKey("strimzi.io/cluster");
                            assertThat(t.getSpec().getAdditionalProperties()).isEmpty();
                            assertThat(t.getSpec().getPartitions()).isPositive();
                            assertThat(t.getSpec().getReplicas()).isEqualTo(3);
                        });
    }

    @Test
    void shouldCreateTheConfiguredTopicsAlikeWithStrimziAndWithTheJob() throws IOException {
        // Given the topics the pods use, the KafkaTopics and the Job's script
        AppConfig config = kubernetesConfig(tmp, Map.of());
        Map<String, Integer> strimzi = new TreeMap<>();
        for (JsonNode t : yamlDocuments(K8S.resolve("topics/strimzi"))) {
            strimzi.put(
                    t.path("metadata").path("name").asText(),
                    t.path("spec").path("partitions").asInt());
        }
        Map<String, Integer> job = new TreeMap<>();
        Files.readAllLines(K8S.resolve("topics/job/topics.sh")).stream()
                .filter(l -> l.startsWith("create "))
                .map(l -> l.split(" "))
                .forEach(w -> job.put(w[1], Integer.parseInt(w[2])));

        // Then both create the same topics, exactly those the configuration names
        assertThat(job).isEqualTo(strimzi);
        var topics = config.topics();
        List<String> configured = new ArrayList<>(topics.uploads());
        configured.addAll(
                List.of(
                        topics.scores(),
                        topics.alerts(),
                        topics.drift(),
                        topics.deadLetters(),
                        topics.baselines()));
        assertThat(strimzi.keySet()).containsExactlyInAnyOrderElementsOf(configured);
    }

    @Test
    void shouldScaleOnTheAppsGroupLagAndNeverBeyondTheUploadPartitions() throws IOException {
        // Given
        AppConfig config = kubernetesConfig(tmp, Map.of());
        String uploads = config.topics().uploads().get(0);
        int partitions =
                yamlDocuments(K8S.resolve("topics/strimzi")).stream()
                        .filter(t -> t.at("/metadata/name").asText().equals(uploads))
                        .findFirst()
                        .orElseThrow()
                        .at("/spec/partitions")
                        .asInt();
        JsonNode keda = only("overlays/autoscale-keda", "ScaledObject");
        JsonNode hpa = only("overlays/autoscale-hpa", "HorizontalPodAutoscaler");
        JsonNode trigger = keda.path("spec").path("triggers").get(0).path("metadata");
        JsonNode adapter = YAML.readTree(MonitoringQueries.ADAPTER.toFile());

        // Then KEDA reads the app's consumer group on the uploads topic of the app's cluster
        assertThat(uploads).isEqualTo("uploads");
        assertThat(partitions).isEqualTo(6);
        assertThat(trigger.path("consumerGroup").asText())
                .isEqualTo(config.kafka().applicationId());
        assertThat(trigger.path("topic").asText()).isEqualTo(uploads);
        assertThat(trigger.path("bootstrapServers").asText())
                .isEqualTo(config.kafka().bootstrapServers());
        // and neither autoscaler goes beyond the partitions, nor scales down at once
        assertThat(keda.path("spec").path("maxReplicaCount").asInt()).isBetween(1, partitions);
        assertThat(hpa.path("spec").path("maxReplicas").asInt()).isBetween(1, partitions);
        assertThat(
                        keda.at(
                                        "/spec/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown/stabilizationWindowSeconds")
                                .asInt())
                .isGreaterThanOrEqualTo(300);
        assertThat(hpa.at("/spec/behavior/scaleDown/stabilizationWindowSeconds").asInt())
                .isGreaterThanOrEqualTo(300);
        // and the HPA's metric is the one the adapter serves, from the uploads topic's lag
        JsonNode rule = adapter.path("rules").path("custom").get(0);
        assertThat(rule.path("name").path("as").asText())
                .isEqualTo(hpa.at("/spec/metrics/0/pods/metric/name").asText());
        assertThat(rule.path("metricsQuery").asText()).contains("topic=\"" + uploads + "\"");
    }

    @Test
    void shouldRunTheGpuOverlayOnOneGpuWithTheGpuDevice() throws IOException {
        // Given the GPU overlay's patches
        JsonNode pod = only("overlays/gpu", "Deployment").path("spec").path("template");
        JsonNode env = only("overlays/gpu", "ConfigMap").path("data");
        Map<String, String> vars = new TreeMap<>();
        env.properties().forEach(e -> vars.put(e.getKey(), e.getValue().asText()));

        // When the pods load their settings with the overlay's variables
        AppConfig config = kubernetesConfig(tmp, vars);

        // Then the model runs on the GPU, one per pod, on GPU nodes only
        assertThat(config.model().device()).isEqualTo("gpu");
        JsonNode resources = pod.at("/spec/containers/0/resources");
        assertThat(resources.at("/limits/nvidia.com~1gpu").asInt()).isEqualTo(1);
        assertThat(pod.at("/spec/nodeSelector").size()).isPositive();
        assertThat(pod.at("/spec/tolerations/0/key").asText()).isEqualTo("nvidia.com/gpu");
        assertThat(Files.readString(K8S.resolve("overlays/gpu/kustomization.yaml")))
                .contains("newTag: 0.1.0-cuda");
    }

    @Test
    void shouldWriteAReplayIntoTopicsOfItsOwnWithTheModelItNames() throws IOException {
        // Given
        JsonNode job = only("replay", "Job");
        JsonNode container = job.at("/spec/template/spec/containers/0");
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        String runId = args.get(args.indexOf("--run-id") + 1);
        AppConfig live = kubernetesConfig(tmp, Map.of());

        // Then the Job names its model and writes every output to a topic of its run
        assertThat(args).contains("--model");
        assertThat(job.at("/metadata/name").asText()).endsWith(runId);
        Map<String, String> env = new TreeMap<>();
        container
                .path("env")
                .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        assertThat(env)
                .containsOnlyKeys(
                        "QM_TOPICS_SCORES",
                        "QM_TOPICS_ALERTS",
                        "QM_TOPICS_DRIFT",
                        "QM_TOPICS_DEAD_LETTERS");
        AppConfig replay = kubernetesConfig(tmp, env);
        var topics = replay.topics();
        for (String t :
                List.of(topics.scores(), topics.alerts(), topics.drift(), topics.deadLetters())) {
            assertThat(t).endsWith("-" + runId);
        }
        assertThat(topics.scores()).isNotEqualTo(live.topics().scores());
    }

    @Test
    void shouldMountTheTruststoreWhereTheConfigMapPointsTheClients() throws IOException {
        // Given
        JsonNode pod = find("Deployment", "quality-monitor").at("/spec/template/spec");
        String properties =
                find("ConfigMap", "quality-monitor-config")
                        .path("data")
                        .path("quality-monitor.properties")
                        .asText();

        // Then the TLS Secret is mounted at the place the (commented) truststore lines name
        String path = null;
        for (JsonNode m : pod.at("/containers/0/volumeMounts")) {
            if (m.path("name").asText().equals("tls")) {
                path = m.path("mountPath").asText();
            }
        }
        assertThat(path).isNotNull();
        assertThat(properties).contains("kafka.ssl.truststore.location=" + path + "/ca.crt");
        assertThat(properties).contains("registry.ssl.truststore.location=" + path + "/");
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("quality-monitor");
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
    }

    @Test
    void shouldNameOnlyFilesThatExistInEveryKustomization() throws IOException {
        // Given every kustomization.yaml under k8s/
        List<Path> kustomizations;
        try (Stream<Path> files = Files.walk(K8S)) {
            kustomizations =
                    files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                            .filter(f -> !f.toString().contains("node_modules"))
                            .toList();
        }

        // Then every resource, base, patch and generator file it names exists
        assertThat(kustomizations).hasSizeGreaterThanOrEqualTo(10);
        for (Path k : kustomizations) {
            JsonNode doc = YAML.readTree(k.toFile());
            List<String> paths = new ArrayList<>();
            for (String field : List.of("resources", "bases", "patchesStrategicMerge")) {
                doc.path(field).forEach(p -> paths.add(p.asText()));
            }
            doc.path("patchesJson6902").forEach(p -> paths.add(p.path("path").asText()));
            doc.path("configMapGenerator")
                    .forEach(g -> g.path("files").forEach(f -> paths.add(f.asText())));
            assertThat(paths).as(k.toString()).isNotEmpty();
            for (String p : paths) {
                assertThat(k.resolveSibling(p)).as(k + ": " + p).exists();
            }
        }
    }

    /** Returns the one object of {@code kind} in the files of {@code dir} (under k8s/). */
    private static JsonNode only(String dir, String kind) throws IOException {
        List<JsonNode> found =
                yamlDocuments(K8S.resolve(dir)).stream()
                        .filter(d -> d.path("kind").asText().equals(kind))
                        .toList();
        assertThat(found).as(kind + " in " + dir).hasSize(1);
        return found.get(0);
    }
}
