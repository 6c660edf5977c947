package io.wsgate.api;

import io.vertx.core.json.JsonObject;

/**
 * What the gateway passes a router in its deployment config.
 *
 * @param route the route name (also in every event's {@link Headers#ROUTE})
 * @param address the address to consume with {@code localConsumer}: {@link Addresses#route}
 * @param options the route's {@code options} object from the gateway config, never null
 */
public record RouterConfig(String route, String address, JsonObject options) {

  public static final String KEY_ROUTE = "route";
  public static final String KEY_ADDRESS = "address";
  public static final String KEY_OPTIONS = "options";

  /** Reads a router's deployment config (what {@code config()} returns inside the router). */
  public static RouterConfig from(JsonObject config) {
    String route = config.getString(KEY_ROUTE);
    String address = config.getString(KEY_ADDRESS, route == null ? null : Addresses.route(route));
    if (route == null || address == null) {
      throw new IllegalArgumentException("router config needs '" + KEY_ROUTE + "': " + config.encode());
    }
    JsonObject options = config.getJsonObject(KEY_OPTIONS);
    return new RouterConfig(route, address, options == null ? new JsonObject() : options);
  }

  public JsonObject toJson() {
    return new JsonObject().put(KEY_ROUTE, route).put(KEY_ADDRESS, address).put(KEY_OPTIONS, options);
  }
}
