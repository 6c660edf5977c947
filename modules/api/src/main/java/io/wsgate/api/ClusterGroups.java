package io.wsgate.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * Publishes to a group's members on every node of a cluster: one cluster-wide publish to the
 * route's fan-out address, which the route's router on each node turns into one local
 * {@link Groups#publish}. So a message crosses the network once per node, never once per
 * receiver, and the cluster holds one registration per route and node, none per connection or
 * group. On a single node (Vert.x not clustered) it is a plain local group publish.
 */
public final class ClusterGroups {

  private final EventBus eventBus;
  private final Groups groups;
  private final String address;
  private final boolean clustered;
  private final Vertx vertx;
  private final String route;
  /** This instance's fan-out registration, when it is the one of its node. */
  private MessageConsumer<Buffer> consumer;

  private ClusterGroups(Vertx vertx, String route) {
    this.vertx = vertx;
    this.route = route;
    this.eventBus = vertx.eventBus();
    this.groups = new Groups(eventBus);
    this.address = Addresses.fanOut(route);
    this.clustered = vertx.isClustered();
  }

  /**
   * Starts the fan-out of {@code route} on this node. Call once per router deployment; with
   * several instances of one router only the first registers, so each node receives every
   * message once. Call {@link #stop} from the router's {@code stop()}. Requires
   * {@link Codecs#register}.
   */
  public static Future<ClusterGroups> start(Vertx vertx, String route) {
    ClusterGroups fanOut = new ClusterGroups(vertx, route);
    if (!fanOut.clustered || vertx.sharedData().getLocalMap(Addresses.FAN_OUT_PREFIX).putIfAbsent(route, true) != null) {
      return Future.succeededFuture(fanOut);
    }
    fanOut.consumer = fanOut.eventBus.consumer(fanOut.address, fanOut::deliverHere);
    return fanOut.consumer.completion().map(fanOut);
  }

  /** Gives up this node's fan-out registration if it is this instance's, so a redeployed router can take it. */
  public Future<Void> stop() {
    if (consumer == null) {
      return Future.succeededFuture();
    }
    vertx.sharedData().getLocalMap(Addresses.FAN_OUT_PREFIX).remove(route);
    MessageConsumer<Buffer> registered = consumer;
    consumer = null;
    return registered.unregister();
  }

  /** To the members of {@code group} on every node; {@code excludeConnectionId} may be null. */
  public void publish(String group, MessageType type, Buffer payload, String excludeConnectionId) {
    if (!clustered) {
      groups.publish(group, type, payload, excludeConnectionId);
      return;
    }
    Outbox.flushActive();
    DeliveryOptions options = new DeliveryOptions()
        .setCodecName(PayloadCodec.NAME)
        .addHeader(Headers.GROUP, group)
        .addHeader(Headers.TYPE, type.wire());
    if (excludeConnectionId != null) {
      options.addHeader(Headers.EXCLUDE, excludeConnectionId);
    }
    eventBus.publish(address, payload, options);
  }

  private void deliverHere(Message<Buffer> message) {
    String group = message.headers().get(Headers.GROUP);
    MessageType type = MessageType.fromWire(message.headers().get(Headers.TYPE));
    if (group != null && type != null && message.body() != null) {
      groups.publish(group, type, message.body(), message.headers().get(Headers.EXCLUDE));
    }
  }
}
