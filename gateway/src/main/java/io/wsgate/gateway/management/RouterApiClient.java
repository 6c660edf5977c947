package io.wsgate.gateway.management;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/**
 * Sends a publish API request to a router's API address and turns the outcome into the JSON the
 * HTTP client gets: the router's reply on {@code "ok":true}, an {@link ApiError} otherwise.
 */
final class RouterApiClient {

  /** Routers answer from memory; anything slower than this is treated as a router fault. */
  static final long DEFAULT_TIMEOUT_MS = 5_000;

  private final EventBus eventBus;
  private final String address;
  private final long timeoutMs;

  RouterApiClient(EventBus eventBus, String address, long timeoutMs) {
    this.eventBus = eventBus;
    this.address = address;
    this.timeoutMs = timeoutMs;
  }

  Future<JsonObject> call(JsonObject request) {
    // The router's API consumer is local to the node, like its route address.
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs).setLocalOnly(true);
    return eventBus.<Object>request(address, request, options)
        .recover(e -> Future.failedFuture(transportError(e)))
        .map(RouterApiClient::replyBody);
  }

  private static JsonObject replyBody(Message<Object> reply) {
    if (!(reply.body() instanceof JsonObject body) || !(body.getValue("ok") instanceof Boolean ok)) {
      throw new ApiError(502, "bad_router_reply", "the router's reply has no boolean \"ok\"");
    }
    if (ok) {
      return body;
    }
    Object code = body.getValue("code");
    Object message = body.getValue("message");
    throw new ApiError(clientStatus(body.getValue("status")), code == null ? "router_error" : code.toString(),
        message == null ? null : message.toString());
  }

  /** A router's status is trusted only if it is an error status; anything else is the router's fault. */
  private static int clientStatus(Object status) {
    if (status instanceof Number code && code.intValue() >= 400 && code.intValue() <= 599) {
      return code.intValue();
    }
    return 502;
  }

  private ApiError transportError(Throwable e) {
    if (e instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case NO_HANDLERS -> new ApiError(503, "router_unavailable", "no router answers on " + address);
        case TIMEOUT -> new ApiError(504, "router_timeout", "the router did not answer in time");
        default -> new ApiError(502, "router_failed", reply.getMessage());
      };
    }
    return new ApiError(502, "router_failed", String.valueOf(e.getMessage()));
  }
}
