package io.wsgate.router.rooms;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * This node's side of room membership: how many local connections each user has in each room
 * and online, the last seq delivered here per room, and each room's users as the owner last
 * said. What a node reports to a room's new owner when ownership moves (docs/protocol.md,
 * "Scaling out"). Event-loop only.
 */
final class LocalMemberships {

  private final Map<String, Map<String, Integer>> rooms = new HashMap<>();
  private final Map<String, Integer> users = new HashMap<>();
  private final Map<String, Long> lastSeq = new HashMap<>();
  /** Room → its users as this node last heard from the owner: who to report if the owner dies. */
  private final Map<String, Set<String>> known = new HashMap<>();

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
      known.remove(room);
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

  /** The owner's user list, from a join reply. */
  void knownUsers(String room, Collection<String> users) {
    if (rooms.containsKey(room)) {
      known.put(room, new HashSet<>(users));
    }
  }

  /** A presence event the owner sent to this node. */
  void presence(String room, String event, String user) {
    Set<String> users = known.get(room);
    if (users != null) {
      if ("join".equals(event)) {
        users.add(user);
      } else {
        users.remove(user);
      }
    }
  }

  /** The room's users as last heard; empty when unknown. */
  Set<String> knownUsers(String room) {
    return known.getOrDefault(room, Set.of());
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
