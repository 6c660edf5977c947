package io.wsgate.router.rooms;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.wsgate.api.MessageType;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Handles the requests of client connections, one at a time per connection and in arrival
 * order: a join or leave makes the session busy until the gateway (and for a join the room's
 * owner) confirms it, and the requests that arrived meanwhile are handled after that
 * ({@link #resume}). Other requests go to their owner in order and are answered when it replies.
 * Also enforces the bad-request threshold. Runs on the router's event loop only.
 */
final class RequestHandler {

  private final RoomsClient rooms;
  private final Delivery delivery;
  private final RoomsOptions options;
  private final LongSupplier clockMs;

  RequestHandler(RoomsClient rooms, Delivery delivery, RoomsOptions options, LongSupplier clockMs) {
    this.rooms = rooms;
    this.delivery = delivery;
    this.options = options;
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
      reply(session, rooms.presence(room), users -> Replies.joined(room, users, request.id()), request);
      return;
    }
    if (session.rooms.size() >= options.maxRoomsPerConnection()) {
      throw new RequestException(ErrorCode.TOO_MANY_ROOMS,
          "a connection may be in at most " + options.maxRoomsPerConnection() + " rooms", request.id());
    }
    session.busy = true;
    // First the gateway group, so the member receives the room's messages from the moment the
    // owner counts it; then the owner, which may refuse (room full) or be unreachable.
    delivery.joinRoom(session.id, room)
        .recover(e -> Future.failedFuture(new RequestException(ErrorCode.UNAVAILABLE,
            "the gateway did not confirm the join: " + e.getMessage(), request.id())))
        .compose(v -> {
          if (session.closed) {
            // The gateway confirmed after the close event: the member never counts (no presence).
            return Future.failedFuture(new RequestException(ErrorCode.UNAVAILABLE, "connection closed", request.id()));
          }
          return rooms.join(room, session.user, session.id).recover(e -> {
            delivery.leaveRoom(session.id, room);
            return Future.failedFuture(e);
          });
        })
        .onComplete(joined -> {
          if (joined.succeeded() && session.closed) {
            // The close event came first and did not know about this room.
            rooms.leave(room, session.user, session.id);
            return;
          }
          if (session.closed) {
            return;
          }
          if (joined.succeeded()) {
            session.rooms.add(room);
            delivery.reply(session.id, Replies.joined(room, joined.result(), request.id()));
          } else {
            fail(session, asRequestException(joined.cause(), request));
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
        rooms.leave(room, session.user, session.id);
        delivery.reply(session.id, Replies.left(room, request.id()));
      } else {
        // Usually the connection is closing and this reply is dropped; otherwise nothing changed.
        fail(session, new RequestException(ErrorCode.UNAVAILABLE,
            "the gateway did not confirm the leave: " + left.cause().getMessage(), request.id()));
      }
      resume(session);
    });
  }

  private void publish(Session session, Request request) throws RequestException {
    if (!session.permissions.mayPublish(request.room())) {
      throw forbidden("publish to", request.room(), request);
    }
    if (!session.rooms.contains(request.room())) {
      throw new RequestException(ErrorCode.NOT_JOINED, "join room " + request.room() + " before publishing to it",
          request.id());
    }
    reply(session, rooms.publish(request.room(), session.user, request.data()),
        result -> Replies.published(request.room(), result.getLong(OwnerOps.SEQ), request.id()), request);
  }

  private void direct(Session session, Request request) {
    reply(session, rooms.direct(request.to(), session.user, request.data()).compose(connections -> connections == 0
            ? Future.failedFuture(new RequestException(ErrorCode.UNKNOWN_USER,
                "user " + request.to() + " has no open connection"))
            : Future.succeededFuture(connections)),
        connections -> Replies.sent(request.to(), connections, request.id()), request);
  }

  private void presence(Session session, Request request) throws RequestException {
    // Checked before the room's existence, which would otherwise leak.
    if (!session.permissions.mayJoin(request.room())) {
      throw forbidden("see who is in", request.room(), request);
    }
    reply(session, rooms.presence(request.room()), users -> Replies.presence(request.room(), users, request.id()),
        request);
  }

  /** Only the rooms the connection may join are listed: the others are not its business. */
  private void rooms(Session session, Request request) {
    RoomPermissions permissions = session.permissions;
    reply(session, rooms.list(RoomsLimits.MAX_LISTED_ROOMS, permissions.isAll() ? room -> true : permissions::mayJoin),
        listing -> Replies.rooms(listing.rooms(), listing.truncated(), request.id()), request);
  }

  /** Replies once the owner has answered: the encoded result, or the error. */
  private <T> void reply(Session session, Future<T> result, Function<T, Buffer> encode, Request request) {
    result.onComplete(done -> {
      if (session.closed) {
        return;
      }
      if (done.succeeded()) {
        delivery.reply(session.id, encode.apply(done.result()));
      } else {
        fail(session, asRequestException(done.cause(), request));
      }
    });
  }

  private static RequestException asRequestException(Throwable cause, Request request) {
    if (cause instanceof RequestException) {
      return ((RequestException) cause).withId(request.id());
    }
    return new RequestException(ErrorCode.UNAVAILABLE, cause.getMessage(), request.id());
  }

  private static RequestException forbidden(String what, String room, Request request) {
    return new RequestException(ErrorCode.FORBIDDEN, "your token does not allow you to " + what + " room " + room,
        request.id());
  }

  /**
   * Replies with the error; a client over its error budget is closed with 1008. {@code
   * unavailable} is the server's trouble (a node of the cluster just went away), not the
   * client's: it does not count.
   */
  private void fail(Session session, RequestException e) {
    delivery.reply(session.id, Replies.error(e.code(), e.getMessage(), e.id()));
    if (e.code() != ErrorCode.UNAVAILABLE && session.errors.record(clockMs.getAsLong())) {
      shutDown(session, RoomsLimits.POLICY_VIOLATION, "too many bad requests: " + RoomsLimits.MAX_ERRORS
          + " errors within " + RoomsLimits.ERROR_WINDOW_MS / 1000 + " s");
    }
  }
}
