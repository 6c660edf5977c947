package io.wsgate.router.rooms;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the server sends to clients, as ready-to-send UTF-8 JSON text. See docs/protocol.md. */
final class Replies {

  private Replies() {
  }

  static Buffer joined(String room, List<String> users, Object id) {
    return withId(new JsonObject().put("op", "joined").put("room", room).put("users", new JsonArray(users)), id);
  }

  static Buffer left(String room, Object id) {
    return withId(new JsonObject().put("op", "left").put("room", room), id);
  }

  static Buffer published(String room, long seq, Object id) {
    return withId(new JsonObject().put("op", "published").put("room", room).put("seq", seq), id);
  }

  static Buffer sent(String to, int connections, Object id) {
    return withId(new JsonObject().put("op", "sent").put("to", to).put("connections", connections), id);
  }

  static Buffer presence(String room, List<String> users, Object id) {
    return withId(new JsonObject().put("op", "presence").put("room", room).put("users", new JsonArray(users)), id);
  }

  static Buffer rooms(JsonArray rooms, boolean truncated, Object id) {
    JsonObject reply = new JsonObject().put("op", "rooms").put("rooms", rooms);
    if (truncated) {
      reply.put("truncated", true);
    }
    return withId(reply, id);
  }

  static Buffer error(ErrorCode code, String message, Object id) {
    JsonObject reply = new JsonObject().put("op", "error");
    if (id != null) {
      reply.put("id", id);
    }
    return reply.put("code", code.wire()).put("message", message).toBuffer();
  }

  /** Presence event to the other members: a user's first connection joined or last one left. */
  static Buffer presenceEvent(String room, String event, String user) {
    return new JsonObject().put("op", "presence").put("room", room).put("event", event).put("user", user).toBuffer();
  }

  /**
   * A room message. Built by hand around the already encoded {@code data}, so the payload is
   * encoded exactly once; room and user names are validated and need no JSON escaping.
   */
  static Buffer message(String room, String from, long seq, String data) {
    return utf8("{\"op\":\"message\",\"room\":\"" + room + "\",\"from\":\"" + from + "\",\"seq\":" + seq
        + ",\"data\":" + data + "}");
  }

  /** A direct message, built like {@link #message}. */
  static Buffer direct(String from, String data) {
    return utf8("{\"op\":\"direct\",\"from\":\"" + from + "\",\"data\":" + data + "}");
  }

  private static Buffer withId(JsonObject reply, Object id) {
    if (id != null) {
      reply.put("id", id);
    }
    return reply.toBuffer();
  }

  private static Buffer utf8(String json) {
    return Buffer.buffer(json.getBytes(StandardCharsets.UTF_8));
  }
}
