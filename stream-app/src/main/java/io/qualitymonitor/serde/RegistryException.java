package io.qualitymonitor.serde;

/**
 * Thrown when the Schema Registry refuses a request or cannot be reached; the message is one line
 * naming the HTTP status, Confluent's {@code error_code} and the registry's message.
 *
 * <p>It is deliberately not a Kafka {@code SerializationException}: a registry outage is not a bad
 * record and must not be dead-lettered as one.
 */
public class RegistryException extends RuntimeException {
    /** Status used when no HTTP answer came back (connection refused, timeout, interrupt). */
    public static final int NO_RESPONSE = 0;

    private final int status;
    private final int errorCode;

    /** Returns an exception for an HTTP answer {@code status} with Confluent {@code errorCode}. */
    public RegistryException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** Returns an exception for a request that got no HTTP answer. */
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = NO_RESPONSE;
        this.errorCode = -1;
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
}
