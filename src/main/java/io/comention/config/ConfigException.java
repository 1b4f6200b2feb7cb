package io.comention.config;

/** A user mistake in configuration: the message names the file, the field and the fix. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
