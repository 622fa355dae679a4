package io.qualitymonitor.model;

/**
 * Thrown when the model runtime fails while the bundle itself is fine: the PyTorch engine does not
 * start, or a forward pass fails. The command line maps it to the runtime exit code (4), where a
 * plain {@link ModelException} (a bundle or model setting at fault) gives the configuration one
 * (3).
 */
public class ModelRuntimeException extends ModelException {
    /** Returns an exception with a one-line message, keeping the cause for debugging. */
    public ModelRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
