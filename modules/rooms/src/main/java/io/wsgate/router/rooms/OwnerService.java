package io.wsgate.router.rooms;

import static io.wsgate.router.rooms.OwnerOps.CODE;
import static io.wsgate.router.rooms.OwnerOps.CONNECTION;
import static io.wsgate.router.rooms.OwnerOps.CONNECTIONS;
import static io.wsgate.router.rooms.OwnerOps.DATA;
import static io.wsgate.router.rooms.OwnerOps.FROM;
import static io.wsgate.router.rooms.OwnerOps.MAX;
import static io.wsgate.router.rooms.OwnerOps.MEMBERS;
import static io.wsgate.router.rooms.OwnerOps.MESSAGE;
import static io.wsgate.router.rooms.OwnerOps.NODE;
import static io.wsgate.router.rooms.OwnerOps.OK;
import static io.wsgate.router.rooms.OwnerOps.ROOM;
import static io.wsgate.router.rooms.OwnerOps.ROOMS;
import static io.wsgate.router.rooms.OwnerOps.SEQ;
import static io.wsgate.router.rooms.OwnerOps.TO;
import static io.wsgate.router.rooms.OwnerOps.TRUNCATED;
import static io.wsgate.router.rooms.OwnerOps.USER;
import static io.wsgate.router.rooms.OwnerOps.USERS;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The owner's side: answers what member nodes ask about the rooms and users this node owns, and
 * sends room messages, presence events and direct messages to the nodes with members, encoded
 * once. The only writer of {@link RoomRegistry}; runs on the router's event loop.
 */
final class OwnerService {

  private final RoomRegistry registry;
  private final NodeLink link;
  private final RoomsMetrics metrics;
  private final String roomPrefix;
  private final String userPrefix;
  private final int maxMembersPerRoom;
  private final Later later;
  private final long settleMs;
  /** Whether a sync's sender sees the same nodes as this one (its view, as node ids). */
  private final java.util.function.Predicate<JsonArray> sameView;
  /** Rooms taken over from a dead owner → users their members knew: who may have left with it. */
  private final Map<String, Set<String>> inherited = new HashMap<>();

  /** Runs a task on the router's event loop after a delay (a Vert.x timer). */
  interface Later {
    void run(long delayMs, Runnable task);
  }

  /**
   * @param settleMs how long after taking over a dead owner's room to wait for every member node's
   *     report before telling the room who left with the dead node
   */
  OwnerService(RoomRegistry registry, NodeLink link, RoomsMetrics metrics, String route, int maxMembersPerRoom,
      Later later, long settleMs, java.util.function.Predicate<JsonArray> sameView) {
    this.registry = registry;
    this.link = link;
    this.metrics = metrics;
    this.roomPrefix = Delivery.roomGroupPrefix(route);
    this.userPrefix = Delivery.userGroupPrefix(route);
    this.maxMembersPerRoom = maxMembersPerRoom;
    this.later = later;
    this.settleMs = settleMs;
    this.sameView = sameView;
  }

  /** One request or notice; returns the reply, or null for a notice. */
  JsonObject handle(JsonObject request) {
    String op = request.getString(OwnerOps.OP, "");
    switch (op) {
      case OwnerOps.JOIN:
        return join(request);
      case OwnerOps.LEAVE:
        return leave(request);
      case OwnerOps.PUBLISH:
        return publish(request);
      case OwnerOps.PRESENCE:
        return presence(request);
      case OwnerOps.LIST:
        return list(request);
      case OwnerOps.DIRECT:
        return direct(request);
      case OwnerOps.ONLINE:
        registry.userOnline(request.getString(USER), request.getString(NODE), 1);
        return null;
      case OwnerOps.OFFLINE:
        registry.userOffline(request.getString(USER), request.getString(NODE));
        return null;
      case OwnerOps.RESYNC:
        resync(request);
        return null;
      case OwnerOps.SYNC:
        sync(request);
        return null;
      default:
        return failure(ErrorCode.BAD_REQUEST, "unknown owner op \"" + op + "\"");
    }
  }

  private JsonObject join(JsonObject request) {
    String room = request.getString(ROOM);
    String user = request.getString(USER);
    RoomRegistry.Room entry = registry.room(room);
    if (entry != null && !entry.has(user) && entry.userCount() >= maxMembersPerRoom) {
      return failure(ErrorCode.ROOM_FULL, "room " + room + " is full: at most " + maxMembersPerRoom + " users");
    }
    if (registry.join(room, user, request.getString(NODE), 1)) {
      announce(room, "join", user, request.getString(CONNECTION));
    }
    return ok().put(USERS, new JsonArray(registry.room(room).users()));
  }

  private JsonObject leave(JsonObject request) {
    String room = request.getString(ROOM);
    String user = request.getString(USER);
    if (registry.leave(room, user, request.getString(NODE))) {
      announce(room, "leave", user, request.getString(CONNECTION));
    }
    return ok();
  }

  /** The room's next seq and one encoding for every member node; seq 0 when nobody is in the room. */
  private JsonObject publish(JsonObject request) {
    String room = request.getString(ROOM);
    RoomRegistry.Room entry = registry.room(room);
    if (entry == null) {
      return ok().put(SEQ, 0L).put(MEMBERS, 0);
    }
    long seq = entry.nextSeq();
    Buffer message = Replies.message(room, request.getString(FROM), seq, request.getString(DATA));
    for (String node : entry.nodes()) {
      link.deliver(node, roomPrefix + room, message, null, room, seq);
    }
    metrics.published(entry.userCount());
    return ok().put(SEQ, seq).put(MEMBERS, entry.userCount());
  }

  private JsonObject presence(JsonObject request) {
    RoomRegistry.Room entry = registry.room(request.getString(ROOM));
    if (entry == null) {
      return failure(ErrorCode.UNKNOWN_ROOM, "room " + request.getString(ROOM) + " has no members");
    }
    return ok().put(USERS, new JsonArray(entry.users()));
  }

  private JsonObject list(JsonObject request) {
    RoomRegistry.Listing listing = registry.list(request.getInteger(MAX, RoomsLimits.MAX_LISTED_ROOMS), room -> true);
    return ok().put(ROOMS, listing.rooms()).put(TRUNCATED, listing.truncated());
  }

  private JsonObject direct(JsonObject request) {
    String to = request.getString(TO);
    int connections = registry.connectionsOf(to);
    if (connections > 0) {
      Buffer message = Replies.direct(request.getString(FROM), request.getString(DATA));
      for (String node : registry.nodesOf(to)) {
        link.deliver(node, userPrefix + to, message, null, null, 0);
      }
    }
    return ok().put(CONNECTIONS, connections);
  }

  /** A node's memberships in rooms and users that now belong here; silent, like the state it restores. */
  private void resync(JsonObject request) {
    String node = request.getString(NODE);
    JsonObject rooms = request.getJsonObject(ROOMS, new JsonObject());
    for (Map.Entry<String, Object> room : rooms) {
      JsonObject state = (JsonObject) room.getValue();
      RoomRegistry.Room entry = registry.room(room.getKey());
      if (entry == null || !entry.nodes().contains(node)) {
        for (Map.Entry<String, Object> user : state.getJsonObject(USERS)) {
          registry.join(room.getKey(), user.getKey(), node, ((Number) user.getValue()).intValue());
        }
      }
      registry.room(room.getKey()).seqAtLeast(state.getLong(SEQ, 0L));
      JsonArray known = state.getJsonArray(OwnerOps.KNOWN);
      if (known != null) {
        inherit(room.getKey(), known);
      }
    }
    for (Map.Entry<String, Object> user : request.getJsonObject(USERS, new JsonObject())) {
      if (!registry.nodesOf(user.getKey()).contains(node)) {
        registry.userOnline(user.getKey(), node, ((Number) user.getValue()).intValue());
      }
    }
  }

  /**
   * A node's complete report for what it believes this node owns: its counts here are made to
   * match, and the rooms hear of every user who thereby came or went. This repairs whatever a
   * lost message or a node wrongly counted dead left behind. Rooms the node did not report lose
   * its connections only when both nodes see the same cluster: otherwise it may simply think
   * another node owns them.
   */
  private void sync(JsonObject request) {
    String node = request.getString(NODE);
    JsonObject rooms = request.getJsonObject(ROOMS, new JsonObject());
    Set<String> reported = new HashSet<>(rooms.fieldNames());
    for (Map.Entry<String, Object> room : rooms) {
      JsonObject state = (JsonObject) room.getValue();
      applyChanges(room.getKey(), registry.replaceNode(room.getKey(), node, counts(state.getJsonObject(USERS))));
      RoomRegistry.Room entry = registry.room(room.getKey());
      if (entry != null) {
        entry.seqAtLeast(state.getLong(SEQ, 0L));
      }
    }
    JsonObject users = request.getJsonObject(USERS, new JsonObject());
    for (Map.Entry<String, Object> user : users) {
      registry.replaceUserNode(user.getKey(), node, ((Number) user.getValue()).intValue());
    }
    if (!sameView.test(request.getJsonArray(OwnerOps.VIEW, new JsonArray()))) {
      return;
    }
    for (String room : registry.roomsOn(node)) {
      if (!reported.contains(room)) {
        applyChanges(room, registry.replaceNode(room, node, Map.of()));
      }
    }
    for (String user : registry.usersOn(node)) {
      if (!users.containsKey(user)) {
        registry.replaceUserNode(user, node, 0);
      }
    }
  }

  private void applyChanges(String room, java.util.List<RoomRegistry.Change> changes) {
    for (RoomRegistry.Change change : changes) {
      announce(room, change.joined() ? "join" : "leave", change.user(), null);
    }
  }

  private static Map<String, Integer> counts(JsonObject users) {
    Map<String, Integer> counts = new HashMap<>();
    for (Map.Entry<String, Object> user : users) {
      counts.put(user.getKey(), ((Number) user.getValue()).intValue());
    }
    return counts;
  }

  /**
   * The room came from an owner that died, which took the room's presence with it: the member
   * nodes report who they knew, and once every node had time to report, whoever is known but no
   * longer reported by any node left with the dead node, and the room is told.
   */
  private void inherit(String room, JsonArray known) {
    if (inherited.isEmpty()) {
      later.run(settleMs, this::announceInheritedDepartures);
    }
    Set<String> users = inherited.computeIfAbsent(room, name -> new HashSet<>());
    for (Object user : known) {
      users.add((String) user);
    }
  }

  private void announceInheritedDepartures() {
    inherited.forEach((room, known) -> {
      RoomRegistry.Room entry = registry.room(room);
      for (String user : known) {
        if (entry != null && !entry.has(user)) {
          announce(room, "leave", user, null);
        }
      }
    });
    inherited.clear();
  }

  /** Forgets the users of a node that went away, telling the rooms' other members. */
  void nodeGone(String node) {
    for (RoomRegistry.Departure departure : registry.dropNode(node)) {
      announce(departure.room(), "leave", departure.user(), null);
    }
  }

  /**
   * Tells the room's other members that a user came ({@code join}, after its first connection
   * joined) or went ({@code leave}, after its last one left); nobody to tell in a room of one.
   */
  private void announce(String room, String event, String user, String excludeConnectionId) {
    RoomRegistry.Room entry = registry.room(room);
    // A joining user is already counted in the room, a leaving one no longer is.
    int others = entry == null ? 0 : entry.userCount() - ("join".equals(event) ? 1 : 0);
    if (others > 0) {
      Buffer message = Replies.presenceEvent(room, event, user);
      for (String node : entry.nodes()) {
        link.deliverPresence(node, roomPrefix + room, message, excludeConnectionId, room, event, user);
      }
    }
  }

  private static JsonObject ok() {
    return new JsonObject().put(OK, true);
  }

  static JsonObject failure(ErrorCode code, String message) {
    return new JsonObject().put(OK, false).put(CODE, code.wire()).put(MESSAGE, message);
  }
}
