package io.wsgate.gateway.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.wsgate.api.Event;
import io.wsgate.api.Headers;
import io.wsgate.api.LocalRequests;
import io.wsgate.api.PayloadCodec;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Control events the gateway sends down the same path as a route's messages, answered on the
 * router's own context by an inbound interceptor, in order with the router's handler calls:
 * <ul>
 *   <li>a <b>barrier</b>: its answer follows every reply the router sent while handling earlier
 *       messages, so replies to what a client sent just before its Close go out before the
 *       server's Close (RFC 6455 §5.5.1 allows the delay; conformance suites expect it);
 *   <li>a <b>probe</b>: answered with the router's {@link System#nanoTime()}, it measures the
 *       hop to the router and the hop back, for the hand-off latency meters.
 * </ul>
 * The interceptor answers, then lets the event through: routers see {@link Event#CONTROL} and
 * ignore it (the contract asks them to ignore events they do not know), and Vert.x's own
 * event-bus meters count it like any message. With several router instances only one receives
 * each control event, so the barrier's guarantee holds for single-instance routes.
 */
public final class RouterControl {

  /** Distinct instances, recognised by identity: no header lookup per message. */
  private static final Buffer BARRIER = Buffer.buffer(new byte[0]);
  private static final Buffer PROBE = Buffer.buffer(new byte[0]);
  /** Event buses that have the interceptor (weak: a closed Vert.x must not be kept alive). */
  private static final Set<EventBus> INSTALLED = Collections.newSetFromMap(new WeakHashMap<>());

  private RouterControl() {
  }

  /** Installs the interceptor on this event bus, once. */
  public static synchronized void install(EventBus eventBus) {
    if (INSTALLED.add(eventBus)) {
      eventBus.addInboundInterceptor(delivery -> intercept(eventBus, delivery));
    }
  }

  private static void intercept(EventBus eventBus, DeliveryContext<Object> delivery) {
    Object body = delivery.body();
    if (body == BARRIER) {
      LocalRequests.reply(eventBus, delivery.message(), null);
    } else if (body == PROBE) {
      LocalRequests.reply(eventBus, delivery.message(), System.nanoTime());
    }
    delivery.next();
  }

  /**
   * Completes once the router has handled everything sent to it before (or after the timeout).
   * Called on a server verticle's context: its {@link LocalRequests} carries the answer, so no
   * reply address is registered per call (cluster-wide, in cluster mode).
   */
  static Future<Message<Object>> barrier(String routeAddress, long timeoutMs) {
    return requests().request(routeAddress, BARRIER, options(), timeoutMs);
  }

  /** Completes with the {@link System#nanoTime()} at which the router's context answered. */
  static Future<Long> probe(String routeAddress, long timeoutMs) {
    return requests().request(routeAddress, PROBE, options(), timeoutMs).map(reply -> (Long) reply.body());
  }

  private static LocalRequests requests() {
    return LocalRequests.of(Vertx.currentContext().owner());
  }

  private static DeliveryOptions options() {
    return new DeliveryOptions()
        .setCodecName(PayloadCodec.NAME)
        .addHeader(Headers.EVENT, Event.CONTROL.wire());
  }
}
