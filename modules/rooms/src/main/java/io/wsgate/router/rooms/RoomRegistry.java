package io.wsgate.router.rooms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The state this node owns (docs/protocol.md, "Scaling out"): who is in each owned room, per user
 * and node, each room's sequence counter, and on which nodes each owned user has connections.
 * On a single node it owns everything. Plain data, no Vert.x: the router calls it from its event
 * loop only, so there are no locks. A room exists only while it has members and a user only
 * while connected, so nothing is left behind once everyone has gone.
 */
final class RoomRegistry {

  /** Sorted, so listings are stable and can stop after the first N rooms. */
  private final TreeMap<String, Room> rooms = new TreeMap<>();
  /** Online user → node → number of its connections there. */
  private final Map<String, Counts> users = new HashMap<>();
  /** Users present in rooms, summed over rooms; volatile: read by the metrics scrape. */
  private volatile long memberships;
  private volatile int roomCount;

  /** Connection counts per node; the total says whether anyone is left. */
  static final class Counts {
    private final Map<String, Integer> byNode = new HashMap<>(2);
    private int total;

    void add(String node, int count) {
      byNode.merge(node, count, Integer::sum);
      total += count;
    }

    /** Removes at most {@code count}; returns how many were removed. */
    int remove(String node, int count) {
      Integer current = byNode.get(node);
      if (current == null) {
        return 0;
      }
      int removed = Math.min(current, count);
      if (current == removed) {
        byNode.remove(node);
      } else {
        byNode.put(node, current - removed);
      }
      total -= removed;
      return removed;
    }

    int total() {
      return total;
    }

    int on(String node) {
      return byNode.getOrDefault(node, 0);
    }

    Set<String> nodes() {
      return byNode.keySet();
    }
  }

  /** A room with members. */
  static final class Room {
    /** Member user → its connections in the room per node (presence is per user). */
    private final TreeMap<String, Counts> members = new TreeMap<>();
    /** Node → connections in the room there: where a message must go. */
    private final Map<String, Integer> nodes = new HashMap<>(2);
    private long seq;

    List<String> users() {
      return new ArrayList<>(members.keySet());
    }

    int userCount() {
      return members.size();
    }

    boolean has(String user) {
      return members.containsKey(user);
    }

    /** The nodes with at least one connection in the room. */
    Set<String> nodes() {
      return nodes.keySet();
    }

    /** The seq of the next message: 1 for the room's first, then one more each time. */
    long nextSeq() {
      return ++seq;
    }

    /** After the room moved to this node: continue after the last seq its members saw. */
    void seqAtLeast(long last) {
      seq = Math.max(seq, last);
    }

    private void countNode(String node, int delta) {
      nodes.merge(node, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  void userOnline(String user, String node, int count) {
    users.computeIfAbsent(user, name -> new Counts()).add(node, count);
  }

  void userOffline(String user, String node) {
    Counts counts = users.get(user);
    if (counts != null) {
      counts.remove(node, 1);
      if (counts.total() == 0) {
        users.remove(user);
      }
    }
  }

  /** Connections the user has open on all nodes (0 when offline). */
  int connectionsOf(String user) {
    Counts counts = users.get(user);
    return counts == null ? 0 : counts.total();
  }

  /** The nodes where the user has connections (empty when offline). */
  Set<String> nodesOf(String user) {
    Counts counts = users.get(user);
    return counts == null ? Set.of() : counts.nodes();
  }

  /**
   * Counts {@code count} more connections of {@code user} on {@code node} in {@code room},
   * creating the room if needed.
   *
   * @return true when the user was not in the room before: a presence "join"
   */
  boolean join(String room, String user, String node, int count) {
    Room entry = rooms.computeIfAbsent(room, name -> new Room());
    Counts counts = entry.members.computeIfAbsent(user, name -> new Counts());
    boolean first = counts.total() == 0;
    counts.add(node, count);
    entry.countNode(node, count);
    if (first) {
      memberships++;
    }
    roomCount = rooms.size();
    return first;
  }

  /**
   * Counts one connection of {@code user} on {@code node} less in {@code room}; drops the room
   * when empty.
   *
   * @return true when it was the user's last connection there: a presence "leave"
   */
  boolean leave(String room, String user, String node) {
    Room entry = rooms.get(room);
    Counts counts = entry == null ? null : entry.members.get(user);
    if (counts == null || counts.remove(node, 1) == 0) {
      return false;
    }
    entry.countNode(node, -1);
    boolean last = counts.total() == 0;
    if (last) {
      entry.members.remove(user);
      memberships--;
    }
    if (entry.members.isEmpty()) {
      rooms.remove(room);
    }
    roomCount = rooms.size();
    return last;
  }

  /** A user who left a room because its node went away. */
  record Departure(String room, String user) {
  }

  /** Forgets every connection on {@code node}; returns the users who thereby left rooms. */
  List<Departure> dropNode(String node) {
    List<Departure> departures = new ArrayList<>();
    for (Iterator<Map.Entry<String, Room>> it = rooms.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Room> entry = it.next();
      Room room = entry.getValue();
      Integer here = room.nodes.remove(node);
      if (here == null) {
        continue;
      }
      for (Iterator<Map.Entry<String, Counts>> members = room.members.entrySet().iterator(); members.hasNext(); ) {
        Map.Entry<String, Counts> member = members.next();
        // Read before remove(): a TreeMap entry may take its successor's key and value on removal.
        String user = member.getKey();
        Counts counts = member.getValue();
        counts.remove(node, Integer.MAX_VALUE);
        if (counts.total() == 0) {
          members.remove();
          memberships--;
          departures.add(new Departure(entry.getKey(), user));
        }
      }
      if (room.members.isEmpty()) {
        it.remove();
      }
    }
    users.values().removeIf(counts -> {
      counts.remove(node, Integer.MAX_VALUE);
      return counts.total() == 0;
    });
    roomCount = rooms.size();
    return departures;
  }

  /** Forgets the rooms and users this node no longer owns (they moved to another node). */
  void dropOwned(Predicate<String> roomMoved, Predicate<String> userMoved) {
    for (Iterator<Map.Entry<String, Room>> it = rooms.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Room> entry = it.next();
      if (roomMoved.test(entry.getKey())) {
        memberships -= entry.getValue().userCount();
        it.remove();
      }
    }
    users.keySet().removeIf(userMoved);
    roomCount = rooms.size();
  }

  /** A user whose presence in a room changed: joined (first connection) or left (last one). */
  record Change(String user, boolean joined) {
  }

  /**
   * Sets {@code node}'s connections in {@code room} to what the node reports, {@code counts} per
   * user (users absent from it: none there): how a node's full report repairs the owner's
   * state. Returns the users whose presence in the room changed.
   */
  List<Change> replaceNode(String room, String node, Map<String, Integer> counts) {
    Room entry = rooms.computeIfAbsent(room, name -> new Room());
    List<Change> changes = new ArrayList<>();
    java.util.Set<String> users = new java.util.TreeSet<>(entry.members.keySet());
    users.addAll(counts.keySet());
    for (String user : users) {
      Counts have = entry.members.computeIfAbsent(user, name -> new Counts());
      int before = have.on(node);
      int after = counts.getOrDefault(user, 0);
      if (before == after) {
        continue;
      }
      boolean present = have.total() > 0;
      have.remove(node, before);
      if (after > 0) {
        have.add(node, after);
      }
      entry.countNode(node, after - before);
      if (!present && have.total() > 0) {
        memberships++;
        changes.add(new Change(user, true));
      } else if (present && have.total() == 0) {
        memberships--;
        changes.add(new Change(user, false));
      }
    }
    entry.members.values().removeIf(c -> c.total() == 0);
    if (entry.members.isEmpty()) {
      rooms.remove(room);
    }
    roomCount = rooms.size();
    return changes;
  }

  /** The rooms where {@code node} has connections. */
  List<String> roomsOn(String node) {
    List<String> names = new ArrayList<>();
    rooms.forEach((name, room) -> {
      if (room.nodes.containsKey(node)) {
        names.add(name);
      }
    });
    return names;
  }

  /** Sets {@code node}'s connections of the online {@code user} to {@code count}. */
  void replaceUserNode(String user, String node, int count) {
    Counts counts = users.computeIfAbsent(user, name -> new Counts());
    counts.remove(node, counts.on(node));
    if (count > 0) {
      counts.add(node, count);
    }
    if (counts.total() == 0) {
      users.remove(user);
    }
  }

  /** The online users with connections on {@code node}. */
  List<String> usersOn(String node) {
    List<String> names = new ArrayList<>();
    users.forEach((name, counts) -> {
      if (counts.on(node) > 0) {
        names.add(name);
      }
    });
    return names;
  }

  /** The room, or null when it has no members (and so does not exist). */
  Room room(String name) {
    return rooms.get(name);
  }

  /** A room listing: {@code [{"room":R,"users":N}]}, and whether more rooms were left out. */
  record Listing(JsonArray rooms, boolean truncated) {
  }

  /** The first {@code max} rooms by name as {@code [{"room":R,"users":N}]}. */
  JsonArray list(int max) {
    return list(max, room -> true).rooms();
  }

  /** The first {@code max} rooms by name that {@code visible} accepts. */
  Listing list(int max, Predicate<String> visible) {
    JsonArray list = new JsonArray();
    for (Map.Entry<String, Room> entry : rooms.entrySet()) {
      if (!visible.test(entry.getKey())) {
        continue;
      }
      if (list.size() == max) {
        return new Listing(list, true);
      }
      list.add(new JsonObject().put("room", entry.getKey()).put("users", entry.getValue().userCount()));
    }
    return new Listing(list, false);
  }

  /** Safe to call from any thread (metrics). */
  int roomCount() {
    return roomCount;
  }

  /** Users in rooms, summed over rooms; safe to call from any thread (metrics). */
  long membershipCount() {
    return memberships;
  }

  int userCount() {
    return users.size();
  }
}
