package io.qualitymonitor.fetch;

import java.net.UnknownHostException;

/**
 * Thrown from host resolution when a host is refused; it extends {@link UnknownHostException} so
 * that it passes unchanged through the HTTP client's connection code, which then never connects.
 */
final class BlockedAddressException extends UnknownHostException {

    BlockedAddressException(String message) {
        super(message);
    }
}
