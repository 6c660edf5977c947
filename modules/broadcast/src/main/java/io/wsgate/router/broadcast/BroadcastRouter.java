package io.wsgate.router.broadcast;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.wsgate.api.ClusterGroups;
import io.wsgate.api.Codecs;
import io.wsgate.api.Connections;
import io.wsgate.api.Event;
import io.wsgate.api.Inbound;
import io.wsgate.api.RouterConfig;

/**
 * Sends every message a client sends to every other client on the route, same type (option
 * {@code includeSender: true} includes the sender). Keeps no per-connection state: each connection
 * joins one gateway group on open, and each message is one group publish, which the gateway
 * encodes once and writes to every member; in a cluster, one publish per node.
 */
public final class BroadcastRouter extends VerticleBase {

  /** Option: deliver a message to its sender too. */
  public static final String OPTION_INCLUDE_SENDER = "includeSender";

  private ClusterGroups fanOut;

  @Override
  public Future<?> start() {
    RouterConfig config = RouterConfig.from(config());
    Object includeOption = config.options().getValue(OPTION_INCLUDE_SENDER, false);
    if (!(includeOption instanceof Boolean)) {
      return Future.failedFuture(new IllegalArgumentException("routes[" + config.route() + "].options."
          + OPTION_INCLUDE_SENDER + ": must be true or false, got " + includeOption));
    }
    boolean includeSender = (Boolean) includeOption;
    String group = config.route() + ".all";
    Codecs.register(vertx);
    Connections connections = new Connections(vertx);
    return ClusterGroups.start(vertx, config.route()).onSuccess(started -> fanOut = started).compose(groups ->
        vertx.eventBus().localConsumer(config.address(), message -> Inbound.each(message, in -> {
          Event event = in.event();
          if (event == Event.OPEN) {
            // A connection that closes before the join completes fails the request: nothing to undo.
            connections.join(in.connectionId(), group);
          } else if (event == Event.MESSAGE) {
            // Every node's members: in a cluster one publish per node, locally one group publish.
            groups.publish(group, in.type(), in.payload(), includeSender ? null : in.connectionId());
          }
        })).completion());
  }

  @Override
  public Future<?> stop() {
    return fanOut == null ? Future.succeededFuture() : fanOut.stop();
  }
}
