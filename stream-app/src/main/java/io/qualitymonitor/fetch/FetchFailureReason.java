package io.qualitymonitor.fetch;

/**
 * Returns why a fetch failed; each name matches the dead-letter reason code the stream layer
 * publishes.
 */
public enum FetchFailureReason {
    /** The resource could not be read: not found, HTTP error status, connection or TLS failure. */
    FETCH_FAILED,
    /** The fetch did not finish within {@code fetch.timeout.ms}, or the last try timed out. */
    FETCH_TIMEOUT,
    /** The body or file is larger than {@code fetch.max.bytes}. */
    TOO_LARGE,
    /** The host resolves to a private, loopback, link-local, metadata or other refused address. */
    BLOCKED_ADDRESS,
    /** The scheme is not in {@code fetch.schemes}, or a redirect pointed to a non-HTTP scheme. */
    UNSUPPORTED_SCHEME
}
