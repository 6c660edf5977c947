package io.wsgate.router.rooms;

import java.util.HashMap;
import java.util.Map;

/**
 * This node's side of room membership: how many local connections each user has in each room
 * and online, and the last seq delivered here per room. What a node reports to a room's new owner
 * when ownership moves (docs/protocol.md, "Scaling out"). Event-loop only.
 */
final class LocalMemberships {

  private final Map<String, Map<String, Integer>> rooms = new HashMap<>();
  private final Map<String, Integer> users = new HashMap<>();
  private final Map<String, Long> lastSeq = new HashMap<>();

  void join(String room, String user) {
    rooms.computeIfAbsent(room, name -> new HashMap<>()).merge(user, 1, Integer::sum);
  }

  void leave(String room, String user) {
    Map<String, Integer> members = rooms.get(room);
    if (members == null) {
      return;
    }
    members.computeIfPresent(user, (name, count) -> count == 1 ? null : count - 1);
    if (members.isEmpty()) {
      rooms.remove(room);
      lastSeq.remove(room);
    }
  }

  void online(String user) {
    users.merge(user, 1, Integer::sum);
  }

  void offline(String user) {
    users.computeIfPresent(user, (name, count) -> count == 1 ? null : count - 1);
  }

  /** A room message with this seq was delivered here. */
  void delivered(String room, long seq) {
    if (rooms.containsKey(room)) {
      lastSeq.merge(room, seq, Math::max);
    }
  }

  long lastSeq(String room) {
    return lastSeq.getOrDefault(room, 0L);
  }

  /** Room → user → local connections in it; read-only view. */
  Map<String, Map<String, Integer>> rooms() {
    return rooms;
  }

  /** Online user → local connections; read-only view. */
  Map<String, Integer> users() {
    return users;
  }
}
