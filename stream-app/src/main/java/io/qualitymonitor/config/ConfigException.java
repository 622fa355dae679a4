package io.qualitymonitor.config;

/** Thrown when a setting is missing or malformed; its message is one line a user can act on. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
