package io.wsgate.router.rooms;

import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.wsgate.api.Addresses;
import io.wsgate.api.Codecs;
import io.wsgate.api.Connections;
import io.wsgate.api.Groups;
import io.wsgate.api.Headers;
import io.wsgate.api.Inbound;
import io.wsgate.api.MessageType;
import io.wsgate.api.RouterConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Rooms with per-room sequence numbers and per-user presence, plus direct messages between
 * users: the JSON protocol of docs/protocol.md. One instance per route and node; all state lives
 * on this verticle's event loop (no locks). Fan-out goes through gateway groups, one per room and
 * one per user, so each message is encoded once and published once whatever the audience.
 */
public final class RoomsRouter extends VerticleBase {

  private final LongSupplier clockMs;
  private final Map<String, Session> sessions = new HashMap<>();
  private final RoomRegistry registry = new RoomRegistry();
  private Delivery delivery;
  private Messenger messenger;
  private RequestHandler requests;
  private RoomsMetrics metrics;

  public RoomsRouter() {
    this(() -> System.nanoTime() / 1_000_000);
  }

  /** With the clock of the error budget, for tests. */
  RoomsRouter(LongSupplier clockMs) {
    this.clockMs = clockMs;
  }

  @Override
  public Future<?> start() {
    RouterConfig config = RouterConfig.from(config());
    if (!config.options().isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("routes[" + config.route()
          + "].options: the rooms router takes no options, got " + config.options().fieldNames()));
    }
    Codecs.register(vertx);
    delivery = new Delivery(new Connections(vertx.eventBus()), new Groups(vertx.eventBus()), config.route());
    metrics = RoomsMetrics.register(Metrics.globalRegistry, config.route(), registry);
    messenger = new Messenger(registry, delivery, metrics);
    requests = new RequestHandler(registry, delivery, messenger, clockMs);
    RoomsApi api = new RoomsApi(registry, messenger);
    Future<Void> events = vertx.eventBus().<Buffer>localConsumer(config.address(), message -> onEvent(Inbound.of(message)))
        .completion();
    Future<Void> apiRequests = vertx.eventBus().localConsumer(Addresses.routeApi(config.route()),
        message -> message.reply(api.handle(message.body()))).completion();
    return Future.all(events, apiRequests);
  }

  @Override
  public Future<?> stop() {
    if (metrics != null) {
      metrics.remove();
    }
    return Future.succeededFuture();
  }

  private void onEvent(Inbound in) {
    if (in.event() == null || in.connectionId() == null) {
      return;
    }
    switch (in.event()) {
      case OPEN:
        onOpen(in);
        break;
      case MESSAGE:
        onMessage(in.connectionId(), in.type(), in.payload());
        break;
      case CLOSE:
        onClose(in.connectionId());
        break;
      default:
        break;
    }
  }

  // ---- connection lifecycle ------------------------------------------------------------------

  private void onOpen(Inbound in) {
    String connectionId = in.connectionId();
    String user;
    RoomPermissions permissions;
    try {
      if (in.header(Headers.AUTH) == null) {
        // Route without auth: the name is only claimed, and every room is open to it.
        user = Names.userFromQuery(in.header(Headers.QUERY));
        permissions = RoomPermissions.ALL;
      } else {
        // Route with auth: ?user= is ignored, the verified token decides who and what.
        user = Names.userFromToken(in.header(Headers.USER));
        permissions = RoomPermissions.fromClaims(in.header(Headers.CLAIMS));
      }
    } catch (IllegalArgumentException e) {
      // No session: the messages that may still arrive before the close are ignored.
      delivery.close(connectionId, RoomsLimits.POLICY_VIOLATION, e.getMessage());
      return;
    }
    if (sessions.containsKey(connectionId)) {
      return;
    }
    Session session = new Session(connectionId, user, permissions);
    sessions.put(connectionId, session);
    // Requests wait until the connection is in its user group, so it can be counted as online.
    session.busy = true;
    delivery.joinUser(connectionId, user).onComplete(joined -> {
      if (session.closed) {
        return;
      }
      if (joined.succeeded()) {
        session.online = true;
        registry.userOnline(user);
        requests.resume(session);
      } else {
        requests.shutDown(session, RoomsLimits.INTERNAL_ERROR, "could not register the connection");
      }
    });
  }

  private void onMessage(String connectionId, MessageType type, Buffer payload) {
    Session session = sessions.get(connectionId);
    if (session != null) {
      requests.onMessage(session, type, payload);
    }
  }

  /** The gateway has already removed the connection from its groups: only our state changes. */
  private void onClose(String connectionId) {
    Session session = sessions.remove(connectionId);
    if (session == null) {
      return;
    }
    session.closed = true;
    session.dropWaiting();
    if (session.online) {
      registry.userOffline(session.user);
    }
    for (String room : session.rooms) {
      if (registry.leave(room, session.user)) {
        messenger.announce(room, "leave", session.user, null);
      }
    }
    session.rooms.clear();
  }

  // ---- for tests -----------------------------------------------------------------------------

  /** Sizes of the router's state, read on its event loop. */
  record StateSizes(int sessions, int rooms, int users) {
  }

  /** The sizes of the router's maps, taken on its event loop (safe from any thread). */
  Future<StateSizes> stateSizes() {
    Promise<StateSizes> promise = Promise.promise();
    context.runOnContext(v -> promise.complete(new StateSizes(sessions.size(), registry.roomCount(), registry.userCount())));
    return promise.future();
  }
}
