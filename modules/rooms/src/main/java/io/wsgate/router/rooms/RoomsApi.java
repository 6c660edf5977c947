package io.wsgate.router.rooms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The server-side API on {@code wsgate.route.<route>.api} (request/reply, JsonObject in and
 * out), used by the management publish API. Every reply has {@code ok}; failures carry an HTTP
 * {@code status}, an error {@code code} and a {@code message}. See docs/protocol.md.
 */
final class RoomsApi {

  private final RoomRegistry registry;
  private final Messenger messenger;

  RoomsApi(RoomRegistry registry, Messenger messenger) {
    this.registry = registry;
    this.messenger = messenger;
  }

  JsonObject handle(Object body) {
    if (!(body instanceof JsonObject)) {
      return failure(ErrorCode.BAD_REQUEST, "the request must be a JSON object");
    }
    JsonObject request = (JsonObject) body;
    try {
      String action = RequestParser.string(request, "action");
      switch (action) {
        case "publish":
          return publish(request);
        case "direct":
          return direct(request);
        case "rooms":
          return rooms();
        case "presence":
          return presence(request);
        default:
          return failure(ErrorCode.UNKNOWN_ACTION, "unknown action; expected publish, direct, rooms or presence");
      }
    } catch (RequestException e) {
      return failure(e.code(), e.getMessage());
    }
  }

  private JsonObject publish(JsonObject request) throws RequestException {
    String room = RequestParser.room(request, "room");
    String from = RequestParser.user(request, "from");
    String data = RequestParser.data(request);
    RoomRegistry.Room entry = registry.room(room);
    int members = entry == null ? 0 : entry.userCount();
    long seq = messenger.publish(room, from, data);
    return new JsonObject().put("ok", true).put("room", room).put("seq", seq).put("members", members);
  }

  private JsonObject direct(JsonObject request) throws RequestException {
    String user = RequestParser.user(request, "user");
    String from = RequestParser.user(request, "from");
    String data = RequestParser.data(request);
    int connections = messenger.direct(user, from, data);
    if (connections == 0) {
      return failure(ErrorCode.UNKNOWN_USER, "user " + user + " has no open connection");
    }
    return new JsonObject().put("ok", true).put("connections", connections);
  }

  private JsonObject rooms() {
    JsonObject reply = new JsonObject().put("ok", true).put("rooms", registry.list(RoomsLimits.MAX_LISTED_ROOMS));
    if (registry.roomCount() > RoomsLimits.MAX_LISTED_ROOMS) {
      reply.put("truncated", true);
    }
    return reply;
  }

  private JsonObject presence(JsonObject request) throws RequestException {
    String room = RequestParser.room(request, "room");
    RoomRegistry.Room entry = registry.room(room);
    if (entry == null) {
      return failure(ErrorCode.UNKNOWN_ROOM, "room " + room + " has no members");
    }
    return new JsonObject().put("ok", true).put("room", room).put("users", new JsonArray(entry.users()));
  }

  private static JsonObject failure(ErrorCode code, String message) {
    return new JsonObject().put("ok", false).put("status", code.status()).put("code", code.wire())
        .put("message", message);
  }
}
