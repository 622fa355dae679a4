package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.OneLine;
import io.qualitymonitor.serde.CompatibilityLevel;
import io.qualitymonitor.serde.RegistryException;
import io.qualitymonitor.serde.SchemaRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before anything starts, that the broker and the registry answer and that the topics
 * exist; throws {@link StartupException} with a one-line message otherwise.
 */
public final class StartupChecks {
    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

    private StartupChecks() {}

    /**
     * Returns a one-line description of the cluster (id and broker count) once the broker answers
     * within {@code timeout}.
     */
    public static String checkBroker(Properties clientProps, Duration timeout) {
        String servers = clientProps.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(adminProperties(clientProps, timeout))) {
            DescribeClusterResult cluster =
                    admin.describeCluster(
                            new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            String id = cluster.clusterId().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            int brokers = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return "cluster " + id + ", " + brokers + " broker(s)";
        } catch (ExecutionException e) {
            throw unreachable(servers, timeout, e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw unreachable(servers, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while checking Kafka at " + servers, e);
        }
    }

    /** Throws when any of {@code names} is missing on the broker; names the missing ones. */
    public static void checkTopicsExist(
            Properties clientProps, Collection<String> names, Duration timeout) {
        checkTopicsExist(
                clientProps,
                names,
                timeout,
                "create them (see topics.* settings) or start with --create-topics");
    }

    /**
     * Throws when any of {@code names} is missing on the broker; names the missing ones, then gives
     * {@code advice} on how to create them.
     */
    public static void checkTopicsExist(
            Properties clientProps, Collection<String> names, Duration timeout, String advice) {
        try (Admin admin = Admin.create(adminProperties(clientProps, timeout))) {
            Set<String> existing =
                    admin.listTopics(new ListTopicsOptions().timeoutMs((int) timeout.toMillis()))
                            .names()
                            .get();
            List<String> missing = names.stream().filter(n -> !existing.contains(n)).toList();
            if (!missing.isEmpty()) {
                throw new StartupException(
                        "topics missing on the broker: " + missing + "; " + advice);
            }
        } catch (ExecutionException e) {
            throw new StartupException("cannot list topics: " + OneLine.of(e.getCause()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while listing topics", e);
        }
    }

    /** Returns the number of subjects once the registry answers; throws when it does not. */
    public static int checkRegistry(SchemaRegistryClient registry) {
        try {
            return registry.subjects().size();
        } catch (RegistryException e) {
            // a refusal (credentials, TLS trust) is named as such: waiting will not fix it
            String what =
                    e.isUnreachable()
                            ? "cannot reach the Schema Registry at "
                            : e.isPermanent()
                                    ? "cannot use the Schema Registry at "
                                    : "the Schema Registry refuses the app at ";
            what += registry.baseUrl() + ": ";
            throw new StartupException(
                    what
                            + OneLine.of(e)
                            + " (check registry.url and the registry.* auth/TLS settings)",
                    e);
        }
    }

    /**
     * Checks that the broker and the registry answer, then creates missing topics and registers the
     * schemas ({@code createTopics}) or checks that every topic exists; then resolves the output
     * schemas' ids (so that writing outputs never waits on the registry) and warns about input
     * subjects whose compatibility lets producers break the app; logs what it found.
     */
    public static void prepare(
            AppConfig config, Wiring wiring, boolean createTopics, Duration timeout) {
        String cluster = checkBroker(config.kafka().clientProperties(), timeout);
        LOG.info("Kafka at {} answers: {}", config.kafka().bootstrapServers(), cluster);
        int subjects = checkRegistry(wiring.registry());
        LOG.info(
                "Schema Registry at {} answers: {} subject(s)",
                wiring.registry().baseUrl(),
                subjects);
        if (createTopics) {
            wiring.provisionTopics();
            Map<String, Integer> ids = wiring.registerSchemas();
            LOG.info("schemas registered: {}", ids);
        } else {
            checkTopicsExist(config.kafka().clientProperties(), wiring.allTopicNames(), timeout);
        }
        resolveOutputSchemas(wiring, config.registry().autoRegister());
        warnAboutInputCompatibility(wiring.registry(), wiring.subjects());
    }

    /** Looks up (or registers) each output schema once, so the serializers have their ids. */
    static void resolveOutputSchemas(Wiring wiring, boolean autoRegister) {
        wiring.subjects()
                .forEach(
                        (subject, s) -> {
                            if (s.input()) {
                                return;
                            }
                            try {
                                if (autoRegister) {
                                    wiring.registry().register(subject, s.schema());
                                } else {
                                    wiring.registry().lookupId(subject, s.schema());
                                }
                            } catch (RegistryException e) {
                                throw new StartupException(
                                        "cannot "
                                                + (autoRegister ? "register" : "find")
                                                + " the schema of subject "
                                                + subject
                                                + ": "
                                                + OneLine.of(e)
                                                + (autoRegister
                                                        ? ""
                                                        : " (registry.auto.register=false: register"
                                                                + " it, or start with"
                                                                + " --create-topics)"),
                                        e);
                            }
                        });
    }

    /**
     * Logs a warning for each existing input subject whose compatibility (its own, else the
     * registry's) lets a producer register a version the app cannot read: only FORWARD_TRANSITIVE
     * and FULL_TRANSITIVE check each new version against every version, the app's included.
     */
    static List<String> warnAboutInputCompatibility(
            SchemaRegistryClient registry, Map<String, Wiring.SubjectSchema> subjects) {
        Set<String> existing = Set.copyOf(registry.subjects());
        List<String> warned = new ArrayList<>();
        subjects.forEach(
                (subject, s) -> {
                    if (!s.input() || !existing.contains(subject)) {
                        return;
                    }
                    CompatibilityLevel level =
                            registry.compatibility(subject).orElseGet(registry::compatibility);
                    if (level != CompatibilityLevel.FORWARD_TRANSITIVE
                            && level != CompatibilityLevel.FULL_TRANSITIVE) {
                        LOG.warn(
                                "input subject {} has compatibility {}: producers may register a"
                                        + " version the app cannot read (e.g. without a required"
                                        + " field), and its records would become dead letters;"
                                        + " set FORWARD_TRANSITIVE or FULL_TRANSITIVE on it",
                                subject,
                                level);
                        warned.add(subject);
                    }
                });
        return warned;
    }

    private static Properties adminProperties(Properties clientProps, Duration timeout) {
        Properties p = (Properties) clientProps.clone();
        int ms = (int) timeout.toMillis();
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        return p;
    }

    private static StartupException unreachable(String servers, Duration timeout, Throwable e) {
        return new StartupException(
                "cannot reach Kafka at "
                        + servers
                        + " within "
                        + timeout.toSeconds()
                        + " s: "
                        + OneLine.of(e)
                        + " (check kafka.bootstrap.servers and the kafka.* security settings)",
                e);
    }
}
