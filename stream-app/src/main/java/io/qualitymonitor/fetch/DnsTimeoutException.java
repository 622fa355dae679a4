package io.qualitymonitor.fetch;

import java.net.UnknownHostException;

/** Thrown when a DNS lookup takes longer than the connect timeout; the fetch may retry it. */
final class DnsTimeoutException extends UnknownHostException {

    DnsTimeoutException(String message) {
        super(message);
    }
}
