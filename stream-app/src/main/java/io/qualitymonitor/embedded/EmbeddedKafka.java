package io.qualitymonitor.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.PreboundSocketFactoryManager;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns a real single-node Kafka cluster (KRaft, combined broker and controller) running inside
 * this JVM, on a free loopback port or a given one, with its logs in a temporary folder deleted on
 * close. Every listener, the controller's included, is bound to 127.0.0.1 only: nothing of it is
 * reachable from another machine.
 *
 * <p>Uses Kafka's own test kit ({@code kafka-test-common-runtime}), the same code Kafka's
 * integration tests run on. Internal topics get replication factor 1, without which transactions
 * (and so exactly-once) hang on a one-broker cluster.
 *
 * <p>The log folder is ours, not the test kit's default: that one is deleted by a JVM shutdown hook
 * of Kafka's, which on Ctrl-C runs beside our own hook and removes the folder while the broker is
 * still writing its last checkpoints (a screen of ERROR stack traces). Ours is deleted by {@link
 * #close()} once the broker has stopped.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CLIENT_LISTENER = "CLIENTS";

    private final KafkaClusterTestKit cluster;
    private final int clientPort;

    private EmbeddedKafka(KafkaClusterTestKit cluster, int clientPort) {
        this.cluster = cluster;
        this.clientPort = clientPort;
    }

    /**
     * Starts the broker on a free port and waits until it accepts clients, or throws {@link
     * EmbeddedException}.
     */
    public static EmbeddedKafka start(Duration timeout) {
        return start(timeout, 0);
    }

    /**
     * Starts the broker with clients served on {@code 127.0.0.1:clientPort} (0: a free port) and
     * waits until it accepts them, or throws {@link EmbeddedException} (also when the port is
     * taken).
     */
    public static EmbeddedKafka start(Duration timeout, int clientPort) {
        long t0 = System.nanoTime();
        KafkaClusterTestKit cluster;
        try {
            TestKitNodes nodes =
                    new TestKitNodes.Builder()
                            .setBaseDirectory(Files.createTempDirectory("quality-monitor-kafka-"))
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .build();
            KafkaClusterTestKit.Builder builder =
                    new KafkaClusterTestKit.Builder(nodes)
                            .setConfigProp("offsets.topic.replication.factor", "1")
                            .setConfigProp("transaction.state.log.replication.factor", "1")
                            .setConfigProp("transaction.state.log.min.isr", "1")
                            .setConfigProp("group.initial.rebalance.delay.ms", "0")
                            .setConfigProp("auto.create.topics.enable", "false");
            if (clientPort > 0) {
                Ports.requireFree(clientPort, "Kafka broker");
            }
            withLoopbackListeners(builder, nodes, clientPort);
            cluster = builder.build();
            releaseWildcardSockets(cluster, nodes);
        } catch (EmbeddedException e) {
            throw e;
        } catch (Exception e) {
            throw new EmbeddedException("cannot configure the embedded Kafka broker: " + e, e);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(cluster, clientPort);
        ExecutorService starter = Executors.newSingleThreadExecutor();
        try {
            Future<?> started =
                    starter.submit(
                            () -> {
                                formatQuietly(cluster);
                                cluster.startup();
                                cluster.waitForReadyBrokers();
                                return null;
                            });
            started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kafka.close();
            throw new EmbeddedException("embedded Kafka broker not ready after " + timeout, e);
        } catch (Exception e) {
            kafka.close();
            throw new EmbeddedException("embedded Kafka broker failed to start: " + e, e);
        } finally {
            starter.shutdownNow();
        }
        LOG.info(
                "Kafka broker (KRaft, in-JVM) ready at {} in {} ms",
                kafka.bootstrapServers(),
                (System.nanoTime() - t0) / 1_000_000);
        return kafka;
    }

    /**
     * Formats the log folders. Kafka's formatter prints its progress to {@code System.out}, which
     * is the demo's screen and the stdout of commands that print CSV or JSON; it goes to the log at
     * debug level instead. Formatting happens once, before any client of ours runs.
     */
    private static synchronized void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            cluster.format();
        } finally {
            System.setOut(original);
            LOG.debug("Kafka storage format: {}", captured.toString(StandardCharsets.UTF_8).trim());
        }
    }

    /**
     * Puts every listener on the loopback address: the test kit's broker and controller listeners
     * and, for a fixed {@code port} (0: none), a third listener for clients. The test kit binds its
     * own two to free ports ahead of start-up (and ignores a port given for them); a listener of
     * another name is bound where it says. Clients that connect to it are told its address.
     */
    private static void withLoopbackListeners(
            KafkaClusterTestKit.Builder builder, TestKitNodes nodes, int port) {
        String broker = nodes.brokerListenerName().value();
        String controller = nodes.controllerListenerName().value();
        String listeners =
                String.format(
                        "%s://%s:0,%s://%s:0", broker, Ports.LOOPBACK, controller, Ports.LOOPBACK);
        String protocols =
                String.format(
                        "%s:%s,%s:%s",
                        broker,
                        nodes.brokerListenerProtocol().name,
                        controller,
                        nodes.controllerListenerProtocol().name);
        if (port > 0) {
            listeners += String.format(",%s://%s:%d", CLIENT_LISTENER, Ports.LOOPBACK, port);
            protocols += "," + CLIENT_LISTENER + ":PLAINTEXT";
        }
        builder.setConfigProp("listeners", listeners)
                .setConfigProp("listener.security.protocol.map", protocols);
    }

    /**
     * Closes the sockets the test kit bound ahead of start-up for its broker and controller
     * listeners. It binds them on the wildcard address ({@code new InetSocketAddress(port)}: every
     * interface of the machine) and offers no setting for that; a pre-bound socket found closed at
     * start-up is opened again on the same port at the listener's configured host, here loopback
     * (the path the kit takes when a node restarts). Between close and start-up another process
     * could take the port; start-up then fails with a clear error instead of listening wider.
     */
    private static void releaseWildcardSockets(KafkaClusterTestKit cluster, TestKitNodes nodes)
            throws ReflectiveOperationException, IOException {
        Field field = KafkaClusterTestKit.class.getDeclaredField("socketFactoryManager");
        field.setAccessible(true);
        PreboundSocketFactoryManager sockets = (PreboundSocketFactoryManager) field.get(cluster);
        Set<Integer> ids = new TreeSet<>(nodes.brokerNodes().keySet());
        ids.addAll(nodes.controllerNodes().keySet());
        for (int id : ids) {
            for (var listener :
                    List.of(nodes.brokerListenerName(), nodes.controllerListenerName())) {
                ServerSocketChannel channel =
                        sockets.getSocketForListenerAndMarkAsUsed(id, listener.value());
                if (channel != null) {
                    channel.close();
                }
            }
        }
    }

    /** Returns the ports of every listener: the broker's, the controller's and the clients'. */
    List<Integer> listenerPorts() {
        List<Integer> ports = new ArrayList<>();
        for (String servers : List.of(cluster.bootstrapServers(), cluster.bootstrapControllers())) {
            for (String server : servers.split(",")) {
                ports.add(Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)));
            }
        }
        if (clientPort > 0) {
            ports.add(clientPort);
        }
        return ports;
    }

    /** Returns the {@code host:port} list clients connect to. */
    public String bootstrapServers() {
        // the test kit knows its own listener's port only once the broker is up
        return clientPort > 0 ? Ports.LOOPBACK + ":" + clientPort : cluster.bootstrapServers();
    }

    /**
     * Stops the broker and starts it again on the same logs and client port after {@code down}, the
     * controller staying up: a broker restart, for tests of how clients ride it out. Only a broker
     * started with a fixed client port keeps its address.
     */
    public void restartBroker(Duration down) throws InterruptedException {
        var broker = cluster.brokers().values().iterator().next();
        broker.shutdown();
        broker.awaitShutdown();
        Thread.sleep(down.toMillis());
        broker.startup();
        try {
            cluster.waitForReadyBrokers();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new EmbeddedException("embedded Kafka broker did not come back: " + e, e);
        }
        LOG.info("Kafka broker restarted after {} down", down);
    }

    /** Stops the broker and deletes its log folders. */
    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("embedded Kafka broker did not stop cleanly: {}", e.toString());
        }
    }
}
