package io.qualitymonitor.app;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics the pipeline needs when they are missing; leaves existing ones alone. */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Properties adminProperties;

    public TopicProvisioner(Properties adminProperties) {
        this.adminProperties = adminProperties;
    }

    /**
     * Creates each missing topic with the given partitions and replication; returns those created.
     */
    public List<String> ensure(Collection<String> names, int partitions, short replication) {
        return ensure(names, partitions, replication, Map.of());
    }

    /** Creates each missing topic as a compacted topic (drift baselines); returns those created. */
    public List<String> ensureCompacted(
            Collection<String> names, int partitions, short replication) {
        return ensure(
                names,
                partitions,
                replication,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    private List<String> ensure(
            Collection<String> names,
            int partitions,
            short replication,
            Map<String, String> configs) {
        try (Admin admin = Admin.create(adminProperties)) {
            Set<String> existing = admin.listTopics().names().get();
            List<String> missing =
                    names.stream().distinct().filter(n -> !existing.contains(n)).toList();
            List<NewTopic> create =
                    missing.stream()
                            .map(n -> new NewTopic(n, partitions, replication).configs(configs))
                            .toList();
            try {
                admin.createTopics(create).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            LOG.info("topics created: {}", missing);
            return missing;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create topics: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
