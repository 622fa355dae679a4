package io.qualitymonitor.config;

/**
 * Thrown when a setting, or a file a setting or an option names (a bundle, a labels file), is
 * missing or malformed; its message is one line a user can act on. The command line exits with its
 * configuration code for it and for its subclasses.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
