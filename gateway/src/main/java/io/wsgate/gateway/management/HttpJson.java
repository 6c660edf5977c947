package io.wsgate.gateway.management;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/** JSON responses of the management server. */
final class HttpJson {

  private HttpJson() {
  }

  static void respond(HttpServerRequest request, int status, JsonObject body) {
    request.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  static void error(HttpServerRequest request, int status, String error) {
    respond(request, status, new JsonObject().put("error", error));
  }

  static void methodNotAllowed(HttpServerRequest request, String allow) {
    request.response().putHeader("Allow", allow);
    error(request, 405, "method not allowed");
  }
}
