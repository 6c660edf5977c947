package io.wsgate.gateway.config;

import java.util.Locale;

/** Whether a route asks for a token ({@code routes[].auth}). */
public enum AuthMode {
  /** No token is looked at; the route's router sees no identity. */
  OFF,
  /** A valid token gives an identity, no token means anonymous; an invalid token is still a 401. */
  OPTIONAL,
  /** No valid token: 401. */
  REQUIRED;

  /** The config and event-header spelling: {@code off}, {@code optional}, {@code required}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode for a config value, or null when unknown. */
  public static AuthMode fromWire(String value) {
    for (AuthMode mode : values()) {
      if (mode.wire().equals(value)) {
        return mode;
      }
    }
    return null;
  }
}
