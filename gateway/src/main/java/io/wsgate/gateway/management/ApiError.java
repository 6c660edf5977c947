package io.wsgate.gateway.management;

import io.vertx.core.json.JsonObject;

/**
 * A publish API request that ends in an error response: {@code {"error":code,"message":..}}.
 * Thrown or used to fail a Future, so a request chain stops at the first problem.
 */
final class ApiError extends RuntimeException {

  private final int status;
  private final String code;

  ApiError(int status, String code, String message) {
    super(message, null, false, false); // an expected outcome: no stack trace
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  JsonObject toJson() {
    JsonObject body = new JsonObject().put("error", code);
    return getMessage() == null ? body : body.put("message", getMessage());
  }
}
