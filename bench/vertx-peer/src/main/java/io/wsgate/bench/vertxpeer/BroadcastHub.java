package io.wsgate.bench.vertxpeer;

import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code /broadcast} route: every message goes to every other open connection, same type.
 * Shared by all event loops; a copy-on-write list because fan-out (every message) is far more
 * frequent than joins and leaves, and iterating an array snapshot is the cheapest fan-out.
 * Writes to a connection of another event loop are thread-safe in Vert.x.
 */
final class BroadcastHub {

  private final CopyOnWriteArrayList<ServerWebSocket> members = new CopyOnWriteArrayList<>();

  void join(ServerWebSocket ws) {
    members.add(ws);
    ws.closeHandler(v -> members.remove(ws));
    ws.textMessageHandler(text -> {
      for (ServerWebSocket member : members) {
        if (member != ws) {
          member.writeTextMessage(text);
        }
      }
    });
    ws.binaryMessageHandler(bytes -> {
      for (ServerWebSocket member : members) {
        if (member != ws) {
          member.writeBinaryMessage(bytes);
        }
      }
    });
  }

  String describe() {
    return "routes " + PeerVerticle.ECHO_PATH + " " + PeerVerticle.BROADCAST_PATH;
  }
}
