package io.wsgate.gateway.management;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /health/live}: 200 while the process runs. {@code GET /health/ready}: 200 when
 * routers are deployed, the WebSocket port listens and the node is not draining, else 503.
 */
final class HealthEndpoints {

  static final String PREFIX = "/health/";

  private final Readiness readiness;

  HealthEndpoints(Readiness readiness) {
    this.readiness = readiness;
  }

  void handle(HttpServerRequest request) {
    String path = request.path();
    if (!path.equals("/health/live") && !path.equals("/health/ready")) {
      HttpJson.error(request, 404, "not found");
    } else if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      HttpJson.methodNotAllowed(request, "GET, HEAD");
    } else if (path.equals("/health/live")) {
      HttpJson.respond(request, 200, new JsonObject().put("status", "UP"));
    } else {
      HttpJson.respond(request, readiness.isReady() ? 200 : 503, readiness.toJson());
    }
  }
}
