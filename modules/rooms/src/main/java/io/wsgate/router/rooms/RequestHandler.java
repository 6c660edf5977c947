package io.wsgate.router.rooms;

import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.wsgate.api.MessageType;
import java.util.function.LongSupplier;

/**
 * Handles the requests of client connections, one at a time per connection and in arrival
 * order: a join or leave makes the session busy until the gateway confirms it, and the requests
 * that arrived meanwhile are handled after that ({@link #resume}). Also enforces the bad-request
 * threshold. Runs on the router's event loop only.
 */
final class RequestHandler {

  private final RoomRegistry registry;
  private final Delivery delivery;
  private final Messenger messenger;
  private final LongSupplier clockMs;

  RequestHandler(RoomRegistry registry, Delivery delivery, Messenger messenger, LongSupplier clockMs) {
    this.registry = registry;
    this.delivery = delivery;
    this.messenger = messenger;
    this.clockMs = clockMs;
  }

  /** A message from the client: handled now, or queued behind a join or leave in progress. */
  void onMessage(Session session, MessageType type, Buffer payload) {
    if (session.closing) {
      return;
    }
    if (!session.busy) {
      handle(session, type, payload);
    } else if (!session.enqueue(type, payload)) {
      shutDown(session, RoomsLimits.POLICY_VIOLATION, "too many requests waiting for a join or leave");
    }
  }

  /** Asks the gateway to close the connection; the session goes away with the close event. */
  void shutDown(Session session, int code, String reason) {
    session.closing = true;
    session.dropWaiting();
    delivery.close(session.id, code, reason);
  }

  /** Handles the requests that waited while the session was busy, until one makes it busy again. */
  void resume(Session session) {
    session.busy = false;
    while (!session.busy && !session.closing) {
      Session.Waiting next = session.poll();
      if (next == null) {
        return;
      }
      handle(session, next.type(), next.payload());
    }
  }

  /** One request; {@code payload} is null for an oversized one that waited without its bytes. */
  private void handle(Session session, MessageType type, Buffer payload) {
    try {
      if (type != MessageType.TEXT) {
        throw new RequestException(ErrorCode.BINARY_NOT_SUPPORTED, "binary frames are not supported: send JSON text");
      }
      if (payload == null) {
        throw RequestParser.oversized();
      }
      Request request = RequestParser.parse(payload);
      switch (request.op()) {
        case JOIN:
          join(session, request);
          break;
        case LEAVE:
          leave(session, request);
          break;
        case PUBLISH:
          publish(session, request);
          break;
        case DIRECT:
          direct(session, request);
          break;
        case PRESENCE:
          presence(session, request);
          break;
        case ROOMS:
          rooms(session, request);
          break;
        default:
          break;
      }
    } catch (RequestException e) {
      fail(session, e);
    }
  }

  private void join(Session session, Request request) throws RequestException {
    String room = request.room();
    if (!session.permissions.mayJoin(room)) {
      throw forbidden("join", room, request);
    }
    if (session.rooms.contains(room)) {
      // Joining twice is harmless: same reply, no presence event.
      delivery.reply(session.id, Replies.joined(room, registry.room(room).users(), request.id()));
      return;
    }
    if (session.rooms.size() >= RoomsLimits.MAX_ROOMS_PER_CONNECTION) {
      throw new RequestException(ErrorCode.TOO_MANY_ROOMS,
          "a connection may be in at most " + RoomsLimits.MAX_ROOMS_PER_CONNECTION + " rooms", request.id());
    }
    session.busy = true;
    delivery.joinRoom(session.id, room).onComplete(joined -> {
      if (session.closed) {
        return;
      }
      if (joined.succeeded()) {
        // A member only once the gateway delivers the room's messages to it.
        session.rooms.add(room);
        boolean firstOfUser = registry.join(room, session.user);
        delivery.reply(session.id, Replies.joined(room, registry.room(room).users(), request.id()));
        if (firstOfUser) {
          messenger.announce(room, "join", session.user, session.id);
        }
      } else {
        unconfirmed(session, "join", joined, request.id());
      }
      resume(session);
    });
  }

  private void leave(Session session, Request request) throws RequestException {
    String room = request.room();
    if (!session.rooms.contains(room)) {
      throw new RequestException(ErrorCode.NOT_JOINED, "not in room " + room, request.id());
    }
    session.busy = true;
    delivery.leaveRoom(session.id, room).onComplete(left -> {
      if (session.closed) {
        return;
      }
      if (left.succeeded()) {
        session.rooms.remove(room);
        if (registry.leave(room, session.user)) {
          messenger.announce(room, "leave", session.user, session.id);
        }
        delivery.reply(session.id, Replies.left(room, request.id()));
      } else {
        unconfirmed(session, "leave", left, request.id());
      }
      resume(session);
    });
  }

  private void unconfirmed(Session session, String what, AsyncResult<Void> result, Object id) {
    // Usually the connection is closing and this reply is dropped; otherwise nothing changed.
    fail(session, new RequestException(ErrorCode.UNAVAILABLE,
        "the gateway did not confirm the " + what + ": " + result.cause().getMessage(), id));
  }

  private void publish(Session session, Request request) throws RequestException {
    if (!session.permissions.mayPublish(request.room())) {
      throw forbidden("publish to", request.room(), request);
    }
    if (!session.rooms.contains(request.room())) {
      throw new RequestException(ErrorCode.NOT_JOINED, "join room " + request.room() + " before publishing to it",
          request.id());
    }
    long seq = messenger.publish(request.room(), session.user, request.data());
    delivery.reply(session.id, Replies.published(request.room(), seq, request.id()));
  }

  private void direct(Session session, Request request) throws RequestException {
    int connections = messenger.direct(request.to(), session.user, request.data());
    if (connections == 0) {
      throw new RequestException(ErrorCode.UNKNOWN_USER, "user " + request.to() + " has no open connection",
          request.id());
    }
    delivery.reply(session.id, Replies.sent(request.to(), connections, request.id()));
  }

  private void presence(Session session, Request request) throws RequestException {
    // Checked before the room's existence, which would otherwise leak.
    if (!session.permissions.mayJoin(request.room())) {
      throw forbidden("see who is in", request.room(), request);
    }
    RoomRegistry.Room room = registry.room(request.room());
    if (room == null) {
      throw new RequestException(ErrorCode.UNKNOWN_ROOM, "room " + request.room() + " has no members", request.id());
    }
    delivery.reply(session.id, Replies.presence(request.room(), room.users(), request.id()));
  }

  /** Only the rooms the connection may join are listed: the others are not its business. */
  private void rooms(Session session, Request request) {
    RoomPermissions permissions = session.permissions;
    RoomRegistry.Listing listing = registry.list(RoomsLimits.MAX_LISTED_ROOMS,
        permissions.isAll() ? room -> true : permissions::mayJoin);
    delivery.reply(session.id, Replies.rooms(listing.rooms(), listing.truncated(), request.id()));
  }

  private static RequestException forbidden(String what, String room, Request request) {
    return new RequestException(ErrorCode.FORBIDDEN, "your token does not allow you to " + what + " room " + room,
        request.id());
  }

  /** Replies with the error; a client over its error budget is closed with 1008. */
  private void fail(Session session, RequestException e) {
    delivery.reply(session.id, Replies.error(e.code(), e.getMessage(), e.id()));
    if (session.errors.record(clockMs.getAsLong())) {
      shutDown(session, RoomsLimits.POLICY_VIOLATION, "too many bad requests: " + RoomsLimits.MAX_ERRORS
          + " errors within " + RoomsLimits.ERROR_WINDOW_MS / 1000 + " s");
    }
  }
}
