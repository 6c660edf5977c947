package io.wsgate.gateway.management;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;

/** Reads a request body of at most {@link #MAX_BYTES} and parses it as one JSON value. */
final class JsonBody {

  static final int MAX_BYTES = 64 * 1024;

  private JsonBody() {
  }

  /** The parsed value (JsonObject, JsonArray, String, Number, Boolean or null), or an {@link ApiError}. */
  static Future<Object> read(HttpServerRequest request) {
    return readBytes(request).map(JsonBody::parse);
  }

  private static Future<Buffer> readBytes(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length != null && tooLarge(length)) {
      return Future.failedFuture(tooLargeError(request));
    }
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    // Counted as it arrives: a chunked body has no Content-Length to check up front.
    request.handler(chunk -> {
      if (promise.future().isComplete()) {
        return; // already answered "too large": the rest is dropped with the connection
      }
      if (body.length() + chunk.length() > MAX_BYTES) {
        promise.fail(tooLargeError(request));
      } else {
        body.appendBuffer(chunk);
      }
    });
    request.endHandler(v -> promise.tryComplete(body));
    request.exceptionHandler(promise::tryFail);
    return promise.future();
  }

  private static boolean tooLarge(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > MAX_BYTES;
    } catch (NumberFormatException e) {
      return false; // Vert.x has rejected a malformed Content-Length already
    }
  }

  /** The rest of the body stays unread: close the connection after answering instead of draining it. */
  private static ApiError tooLargeError(HttpServerRequest request) {
    request.response().putHeader("Connection", "close");
    return new ApiError(400, "body_too_large", "the body must be at most " + MAX_BYTES + " bytes");
  }

  static Object parse(Buffer body) {
    if (body.length() == 0 || body.toString().isBlank()) {
      throw new ApiError(400, "empty_body", "the body must be a JSON value (the message data)");
    }
    try {
      return Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new ApiError(400, "invalid_json", "the body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "parse error";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
