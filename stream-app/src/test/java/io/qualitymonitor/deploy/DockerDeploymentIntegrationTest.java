package io.qualitymonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.serde.SchemaRegistryClient;
import io.qualitymonitor.stream.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The Docker deployment end to end: builds the image from {@code docker/Dockerfile}, runs it beside
 * a Kafka container and a Schema Registry container on one network, produces uploads and reads
 * their scores. Skipped where no Docker engine answers.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerDeploymentIntegrationTest {
    /** The same images as docker/docker-compose.yml. */
    static final String KAFKA_IMAGE = "apache/kafka:4.3.1";

    static final String REGISTRY_IMAGE = "apicurio/apicurio-registry:3.3.3";
    private static final String CCOMPAT = "/apis/ccompat/v7";
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path TINY_BUNDLE =
            Path.of("src/test/resources/bundles/tiny-lowlevel").toAbsolutePath();
    private static final List<String> IMAGES = List.of("kodim01.jpg", "kodim05.jpg", "kodim12.jpg");
    private static final Network NETWORK = Network.newNetwork();

    @Container
    static final KafkaContainer KAFKA =
            new KafkaContainer(KAFKA_IMAGE)
                    .withNetwork(NETWORK)
                    .withNetworkAliases("kafka")
                    .withListener("kafka:19092");

    @Container
    static final GenericContainer<?> REGISTRY =
            new GenericContainer<>(REGISTRY_IMAGE)
                    .withNetwork(NETWORK)
                    .withNetworkAliases("registry")
                    .withExposedPorts(8080)
                    .waitingFor(
                            Wait.forHttp(CCOMPAT + "/subjects")
                                    .forStatusCode(200)
                                    .withStartupTimeout(Duration.ofMinutes(3)));

    @Container
    static final GenericContainer<?> APP =
            new GenericContainer<>(appImage())
                    .withNetwork(NETWORK)
                    .dependsOn(KAFKA, REGISTRY)
                    .withEnv("QM_KAFKA_BOOTSTRAP_SERVERS", "kafka:19092")
                    .withEnv("QM_REGISTRY_URL", "http://registry:8080" + CCOMPAT)
                    .withEnv("QM_MODEL_DIR", "/opt/test-model")
                    .withEnv("QM_TOPICS_PARTITIONS", "1")
                    .withCopyFileToContainer(
                            MountableFile.forHostPath(TINY_BUNDLE), "/opt/test-model")
                    .withCopyFileToContainer(
                            MountableFile.forHostPath(REPO.resolve("samples")), "/data/images")
                    .withCommand(
                            "run",
                            "--config",
                            "/config/quality-monitor.properties",
                            "--create-topics")
                    .withExposedPorts(9404)
                    .waitingFor(
                            Wait.forHttp("/health/ready")
                                    .forPort(9404)
                                    .forStatusCode(200)
                                    .withStartupTimeout(Duration.ofMinutes(5)));

    /** Returns the image built from docker/Dockerfile, with only the sources it needs. */
    private static ImageFromDockerfile appImage() {
        ImageFromDockerfile image =
                new ImageFromDockerfile("localhost/quality-monitor-test", true)
                        .withDockerfilePath("docker/Dockerfile");
        for (String p :
                List.of(
                        "pom.xml",
                        "mvnw",
                        ".mvn",
                        "schemas/pom.xml",
                        "schemas/src",
                        "stream-app/pom.xml",
                        "stream-app/src/main",
                        "docker",
                        "models")) {
            if (Files.exists(REPO.resolve(p))) {
                image.withFileFromPath(p, REPO.resolve(p));
            }
        }
        return image;
    }

    @Test
    void shouldScoreUploadsWithTheContainerImage() {
        // Given the host's view of the broker and the registry
        AppConfig host =
                new ConfigLoader(Map.of(), new Properties())
                        .load(
                                null,
                                Map.of(
                                        "kafka.bootstrap.servers",
                                        KAFKA.getBootstrapServers(),
                                        "registry.url",
                                        "http://"
                                                + REGISTRY.getHost()
                                                + ":"
                                                + REGISTRY.getMappedPort(8080)
                                                + CCOMPAT));

        // When uploads referencing images inside the app container arrive
        Map<String, Double> scores;
        try (SchemaRegistryClient registry = new SchemaRegistryClient(host.registry())) {
            Topics topics = Topics.from(host.topics(), registry, host.registry());
            produceUploads(host, topics);
            scores = readScores(host, topics);
        }

        // Then each is scored by the app in the container
        assertThat(scores).containsOnlyKeys("d-0", "d-1", "d-2");
        assertThat(scores.values()).allSatisfy(s -> assertThat(s).isBetween(0.0, 100.0));
    }

    private static void produceUploads(AppConfig host, Topics topics) {
        try (KafkaProducer<String, ImageUpload> producer =
                new KafkaProducer<>(
                        host.kafka().clientProperties(),
                        new StringSerializer(),
                        topics.uploadSerde().serializer())) {
            for (int i = 0; i < IMAGES.size(); i++) {
                ImageUpload u =
                        ImageUpload.newBuilder()
                                .setUploadId("d-" + i)
                                .setImageUri("file:///data/images/" + IMAGES.get(i))
                                .setEventTime(Instant.now())
                                .build();
                producer.send(new ProducerRecord<>(topics.uploadNames().get(0), "d-" + i, u));
            }
            producer.flush();
        }
    }

    private static Map<String, Double> readScores(AppConfig host, Topics topics) {
        Properties props = host.kafka().clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "docker-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Double> scores = new HashMap<>();
        try (KafkaConsumer<String, QualityScore> consumer =
                new KafkaConsumer<>(
                        props,
                        new StringDeserializer(),
                        topics.scores().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.scores().name()));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (scores.size() < IMAGES.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, QualityScore> r :
                        consumer.poll(Duration.ofMillis(500))) {
                    scores.put(r.value().getUploadId(), r.value().getScore());
                }
            }
        }
        return scores;
    }
}
