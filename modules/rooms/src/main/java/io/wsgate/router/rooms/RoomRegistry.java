package io.wsgate.router.rooms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Who is in which room, per user, and each room's sequence counter; plus how many connections
 * each online user has. Plain data, no Vert.x: the router calls it from its event loop only, so
 * there are no locks. A room exists only while it has members and a user only while connected,
 * so nothing is left behind once everyone has gone.
 */
final class RoomRegistry {

  /** Sorted, so listings are stable and can stop after the first N rooms. */
  private final TreeMap<String, Room> rooms = new TreeMap<>();
  /** Online user → number of its connections registered in its user group. */
  private final Map<String, Integer> users = new HashMap<>();
  /** Users present in rooms, summed over rooms; volatile: read by the metrics scrape. */
  private volatile long memberships;
  private volatile int roomCount;

  /** A room with members. */
  static final class Room {
    /** Member user → how many of its connections are in the room (presence is per user). */
    private final TreeMap<String, Integer> members = new TreeMap<>();
    private long seq;

    List<String> users() {
      return new ArrayList<>(members.keySet());
    }

    int userCount() {
      return members.size();
    }

    /** The seq of the next message: 1 for the room's first, then one more each time. */
    long nextSeq() {
      return ++seq;
    }
  }

  void userOnline(String user) {
    users.merge(user, 1, Integer::sum);
  }

  void userOffline(String user) {
    users.computeIfPresent(user, (name, count) -> count == 1 ? null : count - 1);
  }

  /** Connections the user has open (0 when offline). */
  int connectionsOf(String user) {
    return users.getOrDefault(user, 0);
  }

  /**
   * Counts one more connection of {@code user} in {@code room}, creating the room if needed.
   *
   * @return true when it is the user's first connection there: a presence "join"
   */
  boolean join(String room, String user) {
    boolean first = rooms.computeIfAbsent(room, name -> new Room()).members.merge(user, 1, Integer::sum) == 1;
    if (first) {
      memberships++;
    }
    roomCount = rooms.size();
    return first;
  }

  /**
   * Counts one connection of {@code user} less in {@code room}; drops the room when empty.
   *
   * @return true when it was the user's last connection there: a presence "leave"
   */
  boolean leave(String room, String user) {
    Room entry = rooms.get(room);
    if (entry == null || !entry.members.containsKey(user)) {
      return false;
    }
    boolean last = entry.members.computeIfPresent(user, (name, count) -> count == 1 ? null : count - 1) == null;
    if (last) {
      memberships--;
    }
    if (entry.members.isEmpty()) {
      rooms.remove(room);
    }
    roomCount = rooms.size();
    return last;
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
