package io.wsgate.gateway.management;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/** The publish API's endpoints and the router request each one makes. */
enum ApiEndpoint {

  /** {@code GET /api/rooms}. */
  ROOMS(HttpMethod.GET, false),
  /** {@code GET /api/rooms/{room}/presence}. */
  PRESENCE(HttpMethod.GET, false),
  /** {@code POST /api/rooms/{room}/messages}. */
  ROOM_MESSAGE(HttpMethod.POST, true),
  /** {@code POST /api/users/{user}/messages}. */
  USER_MESSAGE(HttpMethod.POST, true);

  private final HttpMethod method;
  private final boolean hasBody;

  ApiEndpoint(HttpMethod method, boolean hasBody) {
    this.method = method;
    this.hasBody = hasBody;
  }

  boolean hasBody() {
    return hasBody;
  }

  /** GET endpoints answer HEAD too, like the health endpoints. */
  boolean allows(HttpMethod requested) {
    return requested == method || (method == HttpMethod.GET && requested == HttpMethod.HEAD);
  }

  String allowHeader() {
    return method == HttpMethod.GET ? "GET, HEAD" : method.name();
  }

  /** The JSON request for the router's API address (see docs/event-bus.md). */
  JsonObject routerRequest(String target, String sender, Object data) {
    return switch (this) {
      case ROOMS -> new JsonObject().put("action", "rooms");
      case PRESENCE -> new JsonObject().put("action", "presence").put("room", target);
      case ROOM_MESSAGE -> new JsonObject().put("action", "publish").put("room", target)
          .put("from", sender).put("data", data);
      case USER_MESSAGE -> new JsonObject().put("action", "direct").put("user", target)
          .put("from", sender).put("data", data);
    };
  }
}
