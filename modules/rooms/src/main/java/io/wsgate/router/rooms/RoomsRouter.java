package io.wsgate.router.rooms;

import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.wsgate.api.Addresses;
import io.wsgate.api.Codecs;
import io.wsgate.api.Connections;
import io.wsgate.api.Headers;
import io.wsgate.api.Inbound;
import io.wsgate.api.MessageType;
import io.wsgate.api.RouterConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms with per-room sequence numbers and per-user presence, plus direct messages between
 * users: the JSON protocol of docs/protocol.md. One instance per route and node; all state lives
 * on this verticle's event loop (no locks). Fan-out goes through gateway groups, one per room and
 * one per user, so each message is encoded once and published once per node whatever the
 * audience. In a cluster each room and user has one owner node, which keeps its presence and
 * assigns its seq (docs/protocol.md, "Scaling out").
 */
public final class RoomsRouter extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RoomsRouter.class);

  private final LongSupplier clockMs;
  private String route;
  private final Map<String, Session> sessions = new HashMap<>();
  private final RoomRegistry registry = new RoomRegistry();
  private final LocalMemberships local = new LocalMemberships();
  /** This router's name among the route's routers in a cluster. */
  private final String nodeId = UUID.randomUUID().toString();
  private Delivery delivery;
  private RoomsClient rooms;
  private OwnerService owner;
  private Membership membership;
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
    route = config.route();
    RoomsOptions options;
    try {
      options = RoomsOptions.parse(config.route(), config.options());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Codecs.register(vertx);
    delivery = new Delivery(new Connections(vertx), config.route());
    membership = new Membership(vertx, config.route(), nodeId, options.heartbeatMs(), options.nodeTimeoutMs(),
        this::onViewChange);
    metrics = RoomsMetrics.register(Metrics.globalRegistry, config.route(), registry, membership::size);
    NodeLink link = new NodeLink(vertx, config.route(), nodeId, options.requestTimeoutMs(), local);
    // Every live node reports within a heartbeat of noticing the change; nodes notice it up to a
    // heartbeat apart. Three heartbeats cover both.
    owner = new OwnerService(registry, link, metrics, config.route(), options.maxMembersPerRoom(),
        (delayMs, task) -> vertx.setTimer(delayMs, id -> task.run()), 3 * options.heartbeatMs(),
        view -> new java.util.HashSet<>(view.getList()).equals(membership.view().nodes()));
    rooms = new RoomsClient(link, membership::view, local);
    requests = new RequestHandler(rooms, delivery, options, clockMs);
    RoomsApi api = new RoomsApi(rooms);
    return link.start(owner::handle)
        .compose(v -> membership.start())
        .onSuccess(v -> {
          if (vertx.isClustered()) {
            // Every owner's counts for this node are made to match this node's own, once per
            // node timeout: lost messages and false deaths heal within that time.
            vertx.setPeriodic(options.nodeTimeoutMs(), id -> rooms.fullSync());
          }
        })
        .compose(v -> {
          Future<Void> events = vertx.eventBus().localConsumer(config.address(),
              message -> Inbound.each(message, this::onEvent)).completion();
          Future<Void> apiRequests = vertx.eventBus().localConsumer(Addresses.routeApi(config.route()),
              message -> api.handle(message.body()).onSuccess(message::reply)).completion();
          return Future.all(events, apiRequests);
        });
  }

  @Override
  public Future<?> stop() {
    if (membership != null) {
      membership.stop();
    }
    if (metrics != null) {
      metrics.remove();
    }
    return Future.succeededFuture();
  }

  /**
   * Nodes came or went: forget the users of nodes that went (telling the rooms this node still
   * owns), drop what moved to other owners, and tell new owners what this node has in what moved.
   */
  private void onViewChange(NodeView before, NodeView now) {
    LOG.info("rooms route {}: {} node(s) alive, this one {}; gone: {}, new: {}", route, now.nodes().size(),
        shortId(nodeId), shortIds(before.nodes(), now.nodes()), shortIds(now.nodes(), before.nodes()));
    for (String node : before.nodes()) {
      if (!now.nodes().contains(node)) {
        owner.nodeGone(node);
      }
    }
    registry.dropOwned(room -> !now.ownsHere(NodeView.roomKey(room)), user -> !now.ownsHere(NodeView.userKey(user)));
    rooms.resync(before, now);
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

  /** The members of {@code from} not in {@code without}, by short id. */
  private static java.util.List<String> shortIds(java.util.Set<String> from, java.util.Set<String> without) {
    return from.stream().filter(node -> !without.contains(node)).map(RoomsRouter::shortId).sorted().toList();
  }

  private static String shortId(String node) {
    return node.substring(0, Math.min(8, node.length()));
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
        rooms.online(user);
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
      rooms.offline(session.user);
    }
    for (String room : session.rooms) {
      rooms.leave(room, session.user, null);
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
