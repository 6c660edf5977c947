package io.wsgate.gateway.auth;

import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.wsgate.gateway.config.AuthSettings;

/**
 * The verification keys, loaded and checked once at start-up, and the settings they go with.
 * Shared by every event loop; each builds its own provider from a copy of {@code options}.
 */
public record AuthKeys(JWTAuthOptions options, AuthSettings settings) {

  public JWTAuthOptions copyOfOptions() {
    return new JWTAuthOptions(options);
  }
}
