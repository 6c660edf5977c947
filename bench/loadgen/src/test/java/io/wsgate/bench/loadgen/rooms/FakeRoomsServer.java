package io.wsgate.bench.loadgen.rooms;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in for the gateway's rooms route, following docs/protocol.md where the load generator
 * depends on it: {@code ?user=}, {@code joined} replies, presence events, publish to every
 * member (sender included) with a per-room {@code seq}, and a {@code published} reply. Lets the
 * rooms mode be tested without the rooms router. One event loop, so no locking.
 */
final class FakeRoomsServer implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Set<ServerWebSocket>> rooms = new HashMap<>();
  private final Map<String, Long> sequences = new HashMap<>();
  private final HttpServer server;

  FakeRoomsServer() {
    server = vertx.createHttpServer().webSocketHandler(this::opened).listen(0, "127.0.0.1").await();
  }

  int port() {
    return server.actualPort();
  }

  private void opened(ServerWebSocket ws) {
    String user = ws.query().replaceFirst("^user=", "");
    ws.closeHandler(v -> rooms.values().forEach(members -> members.remove(ws)));
    ws.textMessageHandler(text -> {
      JsonObject request = new JsonObject(text);
      String room = request.getString("room");
      switch (request.getString("op")) {
        case "join" -> {
          Set<ServerWebSocket> members = rooms.computeIfAbsent(room, r -> new LinkedHashSet<>());
          JsonObject presence = new JsonObject().put("op", "presence").put("room", room)
              .put("event", "join").put("user", user);
          members.forEach(member -> member.writeTextMessage(presence.encode()));
          members.add(ws);
          ws.writeTextMessage(new JsonObject().put("op", "joined").put("room", room)
              .put("users", new JsonArray()).encode());
        }
        case "publish" -> {
          Set<ServerWebSocket> members = rooms.get(room);
          if (members == null || !members.contains(ws)) {
            ws.writeTextMessage(new JsonObject().put("op", "error").put("code", "not_joined").encode());
            return;
          }
          long seq = sequences.merge(room, 1L, Long::sum);
          String message = new JsonObject().put("op", "message").put("room", room).put("from", user)
              .put("seq", seq).put("data", request.getValue("data")).encode();
          members.forEach(member -> member.writeTextMessage(message));
          ws.writeTextMessage(new JsonObject().put("op", "published").put("room", room).put("seq", seq).encode());
        }
        default -> ws.writeTextMessage(new JsonObject().put("op", "error").put("code", "unknown_op").encode());
      }
    });
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
