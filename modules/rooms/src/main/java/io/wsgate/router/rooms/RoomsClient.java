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
import static io.wsgate.router.rooms.OwnerOps.OP;
import static io.wsgate.router.rooms.OwnerOps.ROOM;
import static io.wsgate.router.rooms.OwnerOps.ROOMS;
import static io.wsgate.router.rooms.OwnerOps.SEQ;
import static io.wsgate.router.rooms.OwnerOps.TO;
import static io.wsgate.router.rooms.OwnerOps.TRUNCATED;
import static io.wsgate.router.rooms.OwnerOps.USER;
import static io.wsgate.router.rooms.OwnerOps.USERS;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The member side: asks the owner of a room or user (this node or another) and keeps
 * {@link LocalMemberships} in step. Failures are {@link RequestException}s ready to become an
 * error reply; an owner that does not answer is {@link ErrorCode#UNAVAILABLE}.
 */
final class RoomsClient {

  private final NodeLink link;
  private final Supplier<NodeView> view;
  private final LocalMemberships local;

  RoomsClient(NodeLink link, Supplier<NodeView> view, LocalMemberships local) {
    this.link = link;
    this.view = view;
    this.local = local;
  }

  /** Counts the connection in the room at the owner; completes with the room's users. */
  Future<List<String>> join(String room, String user, String connectionId) {
    // Counted here before the owner is asked, so that a full sync sent meanwhile (after the
    // request, on the same connection) agrees with the owner; undone if the owner refuses.
    local.join(room, user);
    return ask(roomOwner(room), op(OwnerOps.JOIN).put(ROOM, room).put(USER, user).put(CONNECTION, connectionId))
        .map(reply -> {
          List<String> users = strings(reply.getJsonArray(USERS));
          local.knownUsers(room, users);
          return users;
        })
        .onFailure(e -> local.leave(room, user));
  }

  void leave(String room, String user, String connectionId) {
    local.leave(room, user);
    link.request(roomOwner(room), op(OwnerOps.LEAVE).put(ROOM, room).put(USER, user).put(CONNECTION, connectionId));
  }

  /** Publishes through the room's owner, which assigns the seq; completes with the owner's reply ({@code seq}, {@code members}). */
  Future<JsonObject> publish(String room, String from, String data) {
    return ask(roomOwner(room), op(OwnerOps.PUBLISH).put(ROOM, room).put(FROM, from).put(DATA, data))
        .map(reply -> new JsonObject().put(SEQ, reply.getLong(SEQ)).put(MEMBERS, reply.getInteger(MEMBERS)));
  }

  /** The users in the room; fails with {@link ErrorCode#UNKNOWN_ROOM} when it has none. */
  Future<List<String>> presence(String room) {
    return ask(roomOwner(room), op(OwnerOps.PRESENCE).put(ROOM, room)).map(reply -> strings(reply.getJsonArray(USERS)));
  }

  /** To every connection of {@code to} on any node; completes with how many (0: offline, nothing sent). */
  Future<Integer> direct(String to, String from, String data) {
    String owner = view.get().owner(NodeView.userKey(to));
    return ask(owner, op(OwnerOps.DIRECT).put(TO, to).put(FROM, from).put(DATA, data))
        .map(reply -> reply.getInteger(CONNECTIONS));
  }

  void online(String user) {
    local.online(user);
    link.send(userOwner(user), op(OwnerOps.ONLINE).put(USER, user));
  }

  void offline(String user) {
    local.offline(user);
    link.send(userOwner(user), op(OwnerOps.OFFLINE).put(USER, user));
  }

  /**
   * The first {@code max} rooms by name that {@code visible} accepts, from every owner. Each owner
   * lists its own first {@code max}; the filter applies after, so a caller allowed only a few
   * rooms among more than {@code max} per node may see fewer than exist (docs/protocol.md).
   */
  Future<RoomRegistry.Listing> list(int max, Predicate<String> visible) {
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (String node : view.get().nodes()) {
      replies.add(ask(node, op(OwnerOps.LIST).put(MAX, max)));
    }
    return Future.all(replies).map(all -> {
      TreeMap<String, Integer> rooms = new TreeMap<>();
      boolean truncated = false;
      for (Future<JsonObject> reply : replies) {
        truncated |= reply.result().getBoolean(TRUNCATED, false);
        for (Object item : reply.result().getJsonArray(ROOMS)) {
          JsonObject room = (JsonObject) item;
          if (visible.test(room.getString(ROOM))) {
            rooms.put(room.getString(ROOM), room.getInteger(USERS));
          }
        }
      }
      JsonArray listing = new JsonArray();
      for (Map.Entry<String, Integer> room : rooms.entrySet()) {
        if (listing.size() == max) {
          return new RoomRegistry.Listing(listing, true);
        }
        listing.add(new JsonObject().put(ROOM, room.getKey()).put(USERS, room.getValue()));
      }
      return new RoomRegistry.Listing(listing, truncated);
    });
  }

  /**
   * After the view changed: tells each new owner about this node's memberships in the rooms and
   * users that moved to it, with the last seq seen here so the room's seq goes on from there.
   */
  void resync(NodeView before, NodeView now) {
    Map<String, JsonObject> byOwner = new HashMap<>();
    for (Map.Entry<String, Map<String, Integer>> room : local.rooms().entrySet()) {
      String key = NodeView.roomKey(room.getKey());
      String owner = now.owner(key);
      if (!owner.equals(before.owner(key))) {
        JsonObject users = new JsonObject();
        room.getValue().forEach(users::put);
        JsonObject state = new JsonObject().put(USERS, users).put(SEQ, local.lastSeq(room.getKey()));
        if (!now.nodes().contains(before.owner(key))) {
          // The owner died with the room's presence: the new one learns who was there from us.
          state.put(OwnerOps.KNOWN, new JsonArray(new ArrayList<>(local.knownUsers(room.getKey()))));
        }
        resyncFor(byOwner, owner).getJsonObject(ROOMS).put(room.getKey(), state);
      }
    }
    for (Map.Entry<String, Integer> user : local.users().entrySet()) {
      String key = NodeView.userKey(user.getKey());
      String owner = now.owner(key);
      if (!owner.equals(before.owner(key))) {
        resyncFor(byOwner, owner).getJsonObject(USERS).put(user.getKey(), user.getValue());
      }
    }
    byOwner.forEach(link::send);
  }

  /**
   * Sends every node this node's complete memberships in the rooms and users it owns (an empty
   * report included, so an owner can drop what this node no longer has). Periodic repair.
   */
  void fullSync() {
    NodeView now = view.get();
    JsonArray nodes = new JsonArray(new ArrayList<>(now.nodes()));
    Map<String, JsonObject> byOwner = new HashMap<>();
    for (String node : now.nodes()) {
      byOwner.put(node, op(OwnerOps.SYNC).put(OwnerOps.VIEW, nodes).put(ROOMS, new JsonObject())
          .put(USERS, new JsonObject()));
    }
    for (Map.Entry<String, Map<String, Integer>> room : local.rooms().entrySet()) {
      JsonObject users = new JsonObject();
      room.getValue().forEach(users::put);
      byOwner.get(now.owner(NodeView.roomKey(room.getKey()))).getJsonObject(ROOMS).put(room.getKey(),
          new JsonObject().put(USERS, users).put(SEQ, local.lastSeq(room.getKey())));
    }
    for (Map.Entry<String, Integer> user : local.users().entrySet()) {
      byOwner.get(now.owner(NodeView.userKey(user.getKey()))).getJsonObject(USERS).put(user.getKey(), user.getValue());
    }
    byOwner.forEach(link::send);
  }

  private JsonObject resyncFor(Map<String, JsonObject> byOwner, String owner) {
    return byOwner.computeIfAbsent(owner, node -> op(OwnerOps.RESYNC)
        .put(ROOMS, new JsonObject()).put(USERS, new JsonObject()));
  }

  private String roomOwner(String room) {
    return view.get().owner(NodeView.roomKey(room));
  }

  private String userOwner(String user) {
    return view.get().owner(NodeView.userKey(user));
  }

  private JsonObject op(String name) {
    return new JsonObject().put(OP, name).put(NODE, view.get().self());
  }

  /** The owner's reply when ok; otherwise a failed future with the owner's error, or unavailable. */
  private Future<JsonObject> ask(String owner, JsonObject request) {
    return link.request(owner, request).transform(result -> {
      if (result.failed()) {
        return Future.failedFuture(new RequestException(ErrorCode.UNAVAILABLE,
            "the node that owns this could not be reached: " + result.cause().getMessage(), null));
      }
      JsonObject reply = result.result();
      if (reply.getBoolean(OK, false)) {
        return Future.succeededFuture(reply);
      }
      ErrorCode code = ErrorCode.fromWire(reply.getString(CODE));
      return Future.failedFuture(new RequestException(code == null ? ErrorCode.UNAVAILABLE : code,
          reply.getString(MESSAGE, "failed"), null));
    });
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>(array.size());
    for (Object item : array) {
      out.add((String) item);
    }
    return out;
  }
}
