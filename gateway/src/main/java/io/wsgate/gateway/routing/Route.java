package io.wsgate.gateway.routing;

import io.vertx.core.json.JsonObject;
import io.wsgate.api.Addresses;
import io.wsgate.gateway.config.AuthMode;
import java.util.List;

/**
 * One configured route: a path served by a router.
 *
 * @param name unique route name; the router consumes {@link Addresses#route(String)} of it
 * @param path the exact request path (no query), starting with '/'
 * @param router the router name ({@code echo}) or a fully qualified class name
 * @param subprotocols subprotocols this route speaks, in no particular order; empty = none
 * @param allowedOrigins allowed Origin values (exact, case-insensitive); empty = any origin
 * @param instances how many router instances to deploy
 * @param options passed to the router unchanged
 * @param auth whether the handshake must carry a valid token
 */
public record Route(String name, String path, String router, List<String> subprotocols,
    List<String> allowedOrigins, int instances, JsonObject options, AuthMode auth) {

  public Route {
    subprotocols = List.copyOf(subprotocols);
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** The event-bus address of this route's router. */
  public String address() {
    return Addresses.route(name);
  }

  /** Whether a browser page from this origin may connect (missing Origin: non-browser client, allowed). */
  public boolean allowsOrigin(String origin) {
    if (allowedOrigins.isEmpty() || origin == null) {
      return true;
    }
    for (String allowed : allowedOrigins) {
      if (allowed.equalsIgnoreCase(origin)) {
        return true;
      }
    }
    return false;
  }
}
