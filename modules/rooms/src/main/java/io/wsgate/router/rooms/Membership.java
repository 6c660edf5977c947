package io.wsgate.router.rooms;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Which rooms-router nodes of a route are alive: each publishes a heartbeat on the route's
 * cluster-wide address every {@code heartbeatMs}; a node not heard from for {@code nodeTimeoutMs}
 * is gone, and a node that stops says so at once. One cluster registration per route and node.
 * On a single node (Vert.x not clustered) the view is this node alone and nothing is sent.
 */
final class Membership {

  private static final String KIND = "kind";
  private static final String NODE = "node";
  private static final String ALIVE = "alive";
  private static final String BYE = "bye";

  private final Vertx vertx;
  private final String address;
  private final String self;
  private final long heartbeatMs;
  private final long nodeTimeoutMs;
  private final BiConsumer<NodeView, NodeView> onChange;
  /** Peer → when it was last heard of (ms, monotonic). */
  private final Map<String, Long> lastSeen = new HashMap<>();
  private volatile NodeView view;
  private MessageConsumer<JsonObject> consumer;
  private long timer = -1;
  /** When this node's own heartbeat timer last fired: late means this node stalled, not the others. */
  private long lastTick;

  Membership(Vertx vertx, String route, String self, long heartbeatMs, long nodeTimeoutMs,
      BiConsumer<NodeView, NodeView> onChange) {
    this.vertx = vertx;
    this.address = "wsgate.rooms." + route + ".nodes";
    this.self = self;
    this.heartbeatMs = heartbeatMs;
    this.nodeTimeoutMs = nodeTimeoutMs;
    this.onChange = onChange;
    this.view = NodeView.alone(self);
  }

  NodeView view() {
    return view;
  }

  /** Nodes in the view, this one included; safe from any thread (metrics). */
  int size() {
    return view.nodes().size();
  }

  /**
   * Starts heartbeats; completes after two heartbeat periods, by when the other live nodes have
   * been heard, so the first requests already go to the right owners.
   */
  Future<Void> start() {
    if (!vertx.isClustered()) {
      return Future.succeededFuture();
    }
    consumer = vertx.eventBus().consumer(address, message -> onHeartbeat(message.body()));
    return consumer.completion().compose(v -> {
      beat();
      lastTick = now();
      timer = vertx.setPeriodic(heartbeatMs, id -> {
        beat();
        tick();
      });
      Promise<Void> settled = Promise.promise();
      vertx.setTimer(2 * heartbeatMs, id -> settled.complete());
      return settled.future();
    });
  }

  /** Tells the others this node is leaving, so its rooms move at once rather than after the timeout. */
  void stop() {
    if (consumer == null) {
      return;
    }
    vertx.cancelTimer(timer);
    // Unregistered first: the bye is for the others, not for this node's own consumer.
    consumer.unregister();
    vertx.eventBus().publish(address, new JsonObject().put(KIND, BYE).put(NODE, self));
  }

  private void beat() {
    vertx.eventBus().publish(address, new JsonObject().put(KIND, ALIVE).put(NODE, self));
  }

  private void onHeartbeat(JsonObject beat) {
    String node = beat.getString(NODE);
    if (node == null || node.equals(self)) {
      return;
    }
    if (BYE.equals(beat.getString(KIND))) {
      if (lastSeen.remove(node) != null) {
        changed();
      }
    } else if (lastSeen.put(node, now()) == null) {
      changed();
    }
  }

  /**
   * Expires silent nodes, unless this node's own timer fired late: then this node was the one
   * stalled (a long pause, a saturated event loop), the others' heartbeats may be waiting in
   * its queue, and they get the benefit of the doubt for another round.
   */
  private void tick() {
    long now = now();
    boolean stalled = now - lastTick > 2 * heartbeatMs;
    lastTick = now;
    if (stalled) {
      lastSeen.replaceAll((node, seen) -> now);
    } else {
      expire();
    }
  }

  private void expire() {
    long deadline = now() - nodeTimeoutMs;
    if (lastSeen.values().removeIf(seen -> seen < deadline)) {
      changed();
    }
  }

  private void changed() {
    NodeView old = view;
    view = new NodeView(self, lastSeen.keySet());
    onChange.accept(old, view);
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }
}
