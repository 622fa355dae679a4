package io.qualitymonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedStack.class)
class EmbeddedStackIntegrationTest {

    @Test
    void shouldCommitTransactionsSoExactlyOnceCanWork(EmbeddedStack stack) throws Exception {
        // Given a topic on the embedded broker
        String topic = "tx-" + UUID.randomUUID();
        Properties admin = new Properties();
        admin.put("bootstrap.servers", stack.bootstrapServers());
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }

        // When one transaction is committed and another aborted
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test-" + UUID.randomUUID());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
        }

        // Then a read_committed consumer sees only the committed record
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.currentTimeMillis() + 15_000;
            while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
            }
            // one more poll: the aborted record must not show up behind the committed one
            consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
        }
        assertThat(seen).containsExactly("committed");
    }

    @Test
    void shouldServeTheConfluentCompatibleRegistryApi(EmbeddedStack stack) throws Exception {
        // Given the embedded registry
        HttpClient http = HttpClient.newHttpClient();

        // When its subjects and global config are asked for
        HttpResponse<String> subjects =
                http.send(
                        HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        // Then it answers as Confluent's API does: a JSON array
        assertThat(subjects.statusCode()).isEqualTo(200);
        assertThat(subjects.body().trim()).startsWith("[");
        assertThat(stack.registryUrl())
                .startsWith("http://127.0.0.1:")
                .endsWith("/apis/ccompat/v7");
    }
}
