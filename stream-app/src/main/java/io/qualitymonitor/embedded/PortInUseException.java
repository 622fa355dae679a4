package io.qualitymonitor.embedded;

/** Thrown when a fixed port of the embedded stack is taken; the message names port and user. */
public final class PortInUseException extends EmbeddedException {
    private final int port;

    PortInUseException(int port, String what) {
        super(
                "port "
                        + port
                        + " on "
                        + Ports.LOOPBACK
                        + " is already in use (wanted by the "
                        + what
                        + ")");
        this.port = port;
    }

    /** Returns the port that is taken. */
    public int port() {
        return port;
    }
}
