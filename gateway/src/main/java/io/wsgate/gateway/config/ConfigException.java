package io.wsgate.gateway.config;

/** A configuration problem, naming the key at fault. Start-up stops with a non-zero exit. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String key, String problem) {
    super(key + ": " + problem);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
