package io.wsgate.router.rooms;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.wsgate.api.Connections;
import io.wsgate.api.MessageType;

/**
 * The router's outputs through the gateway contract, and its group names: one gateway group per
 * room ({@code <route>.room.<R>}) and one per user ({@code <route>.user.<U>}, all of a user's
 * connections) on each node. Fan-out is {@link NodeLink#deliver}: one group publish per node.
 */
final class Delivery {

  private final Connections connections;
  private final String roomPrefix;
  private final String userPrefix;

  Delivery(Connections connections, String route) {
    this.connections = connections;
    this.roomPrefix = roomGroupPrefix(route);
    this.userPrefix = userGroupPrefix(route);
  }

  /** Gateway group of a room's members on a node: {@code <route>.room.<room>}. */
  static String roomGroupPrefix(String route) {
    return route + ".room.";
  }

  /** Gateway group of a user's connections on a node: {@code <route>.user.<user>}. */
  static String userGroupPrefix(String route) {
    return route + ".user.";
  }

  void reply(String connectionId, Buffer json) {
    connections.send(connectionId, MessageType.TEXT, json);
  }

  void close(String connectionId, int code, String reason) {
    connections.close(connectionId, code, reason);
  }

  Future<Void> joinRoom(String connectionId, String room) {
    return connections.join(connectionId, roomPrefix + room);
  }

  Future<Void> leaveRoom(String connectionId, String room) {
    return connections.leave(connectionId, roomPrefix + room);
  }

  Future<Void> joinUser(String connectionId, String user) {
    return connections.join(connectionId, userPrefix + user);
  }
}
