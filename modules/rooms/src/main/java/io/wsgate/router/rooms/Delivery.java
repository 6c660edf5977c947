package io.wsgate.router.rooms;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.wsgate.api.Connections;
import io.wsgate.api.Groups;
import io.wsgate.api.MessageType;

/**
 * The router's outputs through the gateway contract, and its group names: one gateway group per
 * room ({@code <route>.room.<R>}) and one per user ({@code <route>.user.<U>}, all of a user's
 * connections). Every fan-out is one group publish of a payload encoded once.
 */
final class Delivery {

  private final Connections connections;
  private final Groups groups;
  private final String roomPrefix;
  private final String userPrefix;

  Delivery(Connections connections, Groups groups, String route) {
    this.connections = connections;
    this.groups = groups;
    this.roomPrefix = route + ".room.";
    this.userPrefix = route + ".user.";
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

  /** To every connection in the room but {@code excludeConnectionId} (null: everyone). */
  void toRoom(String room, Buffer json, String excludeConnectionId) {
    groups.publish(roomPrefix + room, MessageType.TEXT, json, excludeConnectionId);
  }

  /** To every connection of the user. */
  void toUser(String user, Buffer json) {
    groups.publish(userPrefix + user, MessageType.TEXT, json);
  }
}
