package io.qualitymonitor.model;

/**
 * Thrown when the model runtime fails while the bundle itself is fine: the PyTorch engine does not
 * start, or a forward pass fails. Unlike a {@link ModelException} (a bundle or model setting at
 * fault, a configuration error: exit code 3), it is no mistake of the user's: the command line maps
 * it to the runtime exit code (4).
 */
public class ModelRuntimeException extends RuntimeException {
    /** Returns an exception with a one-line message, keeping the cause for debugging. */
    public ModelRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
