package io.qualitymonitor.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Returns loopback ports for the embedded stack: free ones, or a check that a fixed one is. */
final class Ports {
    /** The address the embedded stack listens on: loopback only. */
    static final String LOOPBACK = "127.0.0.1";

    private Ports() {}

    /** Returns a port nothing listens on right now. */
    static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Throws {@link PortInUseException} when {@code port} cannot be bound on the loopback address,
     * so that a server started next does not fail deep inside, or (for HTTP) a server already there
     * is taken for ours.
     */
    static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
        } catch (IOException e) {
            throw new PortInUseException(port, what);
        }
    }
}
