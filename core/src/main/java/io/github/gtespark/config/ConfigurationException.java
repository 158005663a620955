package io.github.gtespark.config;

/** A configuration file or a command-line override that cannot be used; the message says which key and why. */
public class ConfigurationException extends IllegalArgumentException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
