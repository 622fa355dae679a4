package io.qualitymonitor.serde;

/**
 * Thrown when the Schema Registry refuses a request or cannot be reached; the message is one line
 * naming the HTTP status, Confluent's {@code error_code} and the registry's message.
 *
 * <p>It is deliberately not a Kafka {@code SerializationException}: a registry outage is not a bad
 * record and must not be dead-lettered as one. {@link #isUnreachable()} tells an outage (worth
 * waiting for) from a refusal; {@link #isPermanent()} names the failures that waiting cannot fix:
 * rejected credentials (401, 403) and a TLS handshake the configured trust refuses.
 */
public class RegistryException extends RuntimeException {
    /** Status used when no HTTP answer came back (connection refused, timeout, interrupt). */
    public static final int NO_RESPONSE = 0;

    private final int status;
    private final int errorCode;
    private final boolean permanent;

    /** Returns an exception for an HTTP answer {@code status} with Confluent {@code errorCode}. */
    public RegistryException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.permanent = status == 401 || status == 403;
    }

    /** Returns an exception for a request that got no HTTP answer. */
    public RegistryException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private RegistryException(String message, Throwable cause, boolean permanent) {
        super(message, cause);
        this.status = NO_RESPONSE;
        this.errorCode = -1;
        this.permanent = permanent;
    }

    /** Returns an exception for a failure that retrying cannot fix (TLS trust, credentials). */
    static RegistryException permanent(String message, Throwable cause) {
        return new RegistryException(message, cause, true);
    }

    /** Returns an exception for an answer {@code status} that retrying cannot fix. */
    static RegistryException permanent(int status, String message) {
        return new RegistryException(status, -1, message, true);
    }

    private RegistryException(int status, int errorCode, String message, boolean permanent) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.permanent = permanent;
    }

    /** Returns the HTTP status, or {@link #NO_RESPONSE} when none came back. */
    public int status() {
        return status;
    }

    /** Returns Confluent's {@code error_code} (e.g. 40403 schema not found), or -1 when absent. */
    public int errorCode() {
        return errorCode;
    }

    /** Returns true when the registry answered 404 (unknown subject, version or schema id). */
    public boolean isNotFound() {
        return status == 404;
    }

    /**
     * Returns true when the failure cannot pass by waiting: credentials refused (401, 403) or a TLS
     * handshake that failed (an untrusted certificate, say).
     */
    public boolean isPermanent() {
        return permanent;
    }

    /**
     * Returns true when the registry could not be reached or answered 5xx (after the retries): an
     * outage, which passes when the registry is back.
     */
    public boolean isUnreachable() {
        return !permanent && (status == NO_RESPONSE || status >= 500);
    }
}
