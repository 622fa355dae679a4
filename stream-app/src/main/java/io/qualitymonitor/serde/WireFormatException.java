package io.qualitymonitor.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Thrown when a record's bytes are not a readable Confluent-framed Avro record: wrong magic byte,
 * too short, unknown schema id, or a body that does not decode with its writer schema.
 *
 * <p>The stream layer dead-letters these as bad records; the message is one line.
 */
public class WireFormatException extends SerializationException {
    /** Returns an exception with a one-line {@code message}. */
    public WireFormatException(String message) {
        super(message);
    }

    /** Returns an exception with a one-line {@code message} and its {@code cause}. */
    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
