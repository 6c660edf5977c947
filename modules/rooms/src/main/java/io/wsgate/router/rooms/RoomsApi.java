package io.wsgate.router.rooms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The server-side API on {@code wsgate.route.<route>.api} (request/reply, JsonObject in and
 * out), used by the management publish API. Every reply has {@code ok}; failures carry an HTTP
 * {@code status}, an error {@code code} and a {@code message}. See docs/protocol.md. In a
 * cluster it works from any node: requests go to the owner of the room or user.
 */
final class RoomsApi {

  private final RoomsClient rooms;

  RoomsApi(RoomsClient rooms) {
    this.rooms = rooms;
  }

  Future<JsonObject> handle(Object body) {
    if (!(body instanceof JsonObject)) {
      return Future.succeededFuture(failure(ErrorCode.BAD_REQUEST, "the request must be a JSON object"));
    }
    JsonObject request = (JsonObject) body;
    Future<JsonObject> reply;
    try {
      String action = RequestParser.string(request, "action");
      switch (action) {
        case "publish":
          reply = publish(request);
          break;
        case "direct":
          reply = direct(request);
          break;
        case "rooms":
          reply = rooms();
          break;
        case "presence":
          reply = presence(request);
          break;
        default:
          reply = Future.failedFuture(new RequestException(ErrorCode.UNKNOWN_ACTION,
              "unknown action; expected publish, direct, rooms or presence"));
      }
    } catch (RequestException e) {
      reply = Future.failedFuture(e);
    }
    return reply.recover(e -> e instanceof RequestException
        ? Future.succeededFuture(failure(((RequestException) e).code(), e.getMessage()))
        : Future.succeededFuture(failure(ErrorCode.UNAVAILABLE, String.valueOf(e.getMessage()))));
  }

  private Future<JsonObject> publish(JsonObject request) throws RequestException {
    String room = RequestParser.room(request, "room");
    String from = RequestParser.user(request, "from");
    String data = RequestParser.data(request);
    return rooms.publish(room, from, data).map(result -> new JsonObject().put("ok", true).put("room", room)
        .put("seq", result.getLong(OwnerOps.SEQ)).put("members", result.getInteger(OwnerOps.MEMBERS)));
  }

  private Future<JsonObject> direct(JsonObject request) throws RequestException {
    String user = RequestParser.user(request, "user");
    String from = RequestParser.user(request, "from");
    String data = RequestParser.data(request);
    return rooms.direct(user, from, data).map(connections -> connections == 0
        ? failure(ErrorCode.UNKNOWN_USER, "user " + user + " has no open connection")
        : new JsonObject().put("ok", true).put("connections", connections));
  }

  private Future<JsonObject> rooms() {
    return rooms.list(RoomsLimits.MAX_LISTED_ROOMS, room -> true).map(listing -> {
      JsonObject reply = new JsonObject().put("ok", true).put("rooms", listing.rooms());
      if (listing.truncated()) {
        reply.put("truncated", true);
      }
      return reply;
    });
  }

  private Future<JsonObject> presence(JsonObject request) throws RequestException {
    String room = RequestParser.room(request, "room");
    return rooms.presence(room).map(users -> new JsonObject().put("ok", true).put("room", room)
        .put("users", new JsonArray(users)));
  }

  private static JsonObject failure(ErrorCode code, String message) {
    return new JsonObject().put("ok", false).put("status", code.status()).put("code", code.wire())
        .put("message", message);
  }
}
