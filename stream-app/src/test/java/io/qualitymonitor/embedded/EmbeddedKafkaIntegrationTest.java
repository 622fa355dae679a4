package io.qualitymonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedded broker's listeners, the controller's included, answer on loopback only. */
class EmbeddedKafkaIntegrationTest {

    @Test
    void shouldNotBeReachableOnANonLoopbackAddressOfThisMachine() throws Exception {
        // Given the machine's own addresses other than loopback
        List<InetAddress> external = nonLoopbackAddresses();
        assumeFalse(
                external.isEmpty(),
                "this machine has no non-loopback address to try the listeners on");

        // When the broker runs with a fixed client port
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(120), Ports.free())) {
            List<Integer> ports = kafka.listenerPorts();

            // Then each of its three listeners accepts on 127.0.0.1 and refuses elsewhere
            assertThat(ports).hasSize(3).doesNotHaveDuplicates();
            for (int port : ports) {
                connect(InetAddress.getByName(Ports.LOOPBACK), port);
                for (InetAddress address : external) {
                    assertThatThrownBy(() -> connect(address, port))
                            .as("%s port %d", address.getHostAddress(), port)
                            .isInstanceOf(IOException.class);
                }
            }
        }
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
        }
    }

    /**
     * Returns the addresses of this machine's interfaces that are up, loopback and link-local
     * excluded.
     */
    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(EmbeddedKafkaIntegrationTest::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (SocketException e) {
            return false;
        }
    }
}
