package io.wsgate.gateway.server;

import io.vertx.core.eventbus.EventBus;
import io.wsgate.gateway.auth.AuthKeys;
import io.wsgate.gateway.config.Limits;
import io.wsgate.gateway.limits.Admission;
import io.wsgate.gateway.metrics.GatewayMetrics;
import io.wsgate.gateway.routing.RouteTable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection on this node shares: immutable settings, the event-loop sequence and
 * the connection counts.
 *
 * @param nodeId this node's id; connection ids start with it, so they are unique in a cluster
 * @param authKeys the token verification keys, or null when none are configured
 * @param admission the node's connection caps and handshake rates, shared by every event loop
 */
public record ServerContext(String nodeId, Limits limits, RouteTable routes, EventBus eventBus,
    GatewayMetrics metrics, AtomicLong loopSequence, AuthKeys authKeys, Admission admission) {

  /**
   * {@code <node>-<loop>} for a new WebSocket server verticle: the start of its connections' ids
   * and of its command address. Never reused, so a redeployed verticle gets a fresh one.
   */
  String nextLoopPrefix() {
    return nodeId + "-" + Long.toString(loopSequence.getAndIncrement(), 36);
  }
}
