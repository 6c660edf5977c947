package io.wsgate.router.rooms;

import io.vertx.core.buffer.Buffer;
import io.wsgate.api.MessageType;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * One client connection as the router sees it. Requests of a connection are handled strictly
 * in order: while the gateway confirms a join or leave ({@link #busy}), later requests wait in
 * {@link #waiting}, so a client may pipeline "join" then "publish" without waiting for "joined".
 */
final class Session {

  /** A request that arrived while the session was busy; payload null = over the request size. */
  record Waiting(MessageType type, Buffer payload) {
  }

  final String id;
  final String user;
  /** From the token's claims on a route with auth, otherwise {@link RoomPermissions#ALL}. */
  final RoomPermissions permissions;
  /** Rooms the gateway has confirmed this connection joined. */
  final Set<String> rooms = new HashSet<>();
  final ErrorBudget errors = new ErrorBudget(RoomsLimits.MAX_ERRORS, RoomsLimits.ERROR_WINDOW_MS);
  final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  int waitingBytes;
  /** Registered in its user group (counted in the registry's online users). */
  boolean online;
  /** A join or leave is being confirmed by the gateway. */
  boolean busy;
  /** The router asked the gateway to close it: further requests are ignored. */
  boolean closing;
  /** The close event arrived: pending confirmations must not touch the registry any more. */
  boolean closed;

  Session(String id, String user, RoomPermissions permissions) {
    this.id = id;
    this.user = user;
    this.permissions = permissions;
  }

  /** Queues a request; returns false when the queue limits are exceeded (a flooding client). */
  boolean enqueue(MessageType type, Buffer payload) {
    boolean oversized = payload.length() > RoomsLimits.MAX_REQUEST_BYTES;
    int bytes = oversized ? 0 : payload.length();
    if (waiting.size() >= RoomsLimits.MAX_WAITING_REQUESTS || waitingBytes + bytes > RoomsLimits.MAX_WAITING_BYTES) {
      return false;
    }
    // An oversized request only ever becomes a too_large error: don't hold on to its bytes.
    waiting.add(new Waiting(type, oversized ? null : payload));
    waitingBytes += bytes;
    return true;
  }

  Waiting poll() {
    Waiting next = waiting.poll();
    if (next != null && next.payload() != null) {
      waitingBytes -= next.payload().length();
    }
    return next;
  }

  void dropWaiting() {
    waiting.clear();
    waitingBytes = 0;
  }
}
