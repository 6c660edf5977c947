package io.wsgate.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Owns every gateway meter (docs/metrics.md lists them). Labels are low-cardinality only: route,
 * message type, direction, close code (folded), HTTP status — never a connection, user, room or
 * raw path. Per-route meters are created at start-up for the configured routes.
 */
public final class GatewayMetrics {

  private final MeterRegistry registry;
  private final Map<String, RouteMeters> routes;
  private final Map<String, Counter> handshakeFailures = new ConcurrentHashMap<>();
  private final Map<String, Counter> proxyHeaderFailures = new ConcurrentHashMap<>();
  private final List<LongSupplier> outboundQueues = new CopyOnWriteArrayList<>();
  private final List<LongSupplier> blockedConnections = new CopyOnWriteArrayList<>();
  private final List<LongSupplier> groups = new CopyOnWriteArrayList<>();
  private final List<LongSupplier> groupMembers = new CopyOnWriteArrayList<>();
  private final Counter groupDeliveries;
  private final Map<LimitKind, Counter> limitRejections = new EnumMap<>(LimitKind.class);

  public GatewayMetrics(MeterRegistry registry, List<String> routeNames) {
    this.registry = registry;
    Map<String, RouteMeters> byName = new HashMap<>();
    SizeHistograms sizes = new SizeHistograms(registry);
    for (String route : routeNames) {
      byName.put(route, new RouteMeters(registry, sizes, route));
    }
    this.routes = Map.copyOf(byName);
    // Every reason at 0 from the start, so a rate() over them works before the first failure.
    for (String reason : List.of("untrusted", "malformed", "oversized", "timeout")) {
      proxyHeaderFailure(reason);
    }
    Gauge.builder("wsgate.outbound.queued", this, m -> sum(m.outboundQueues)).baseUnit("bytes")
        .description("Bytes written to clients but not yet accepted by their TCP connection (refreshed every second)")
        .register(registry);
    Gauge.builder("wsgate.outbound.blocked.connections", this, m -> sum(m.blockedConnections))
        .description("Connections whose outbound queue is over limits.writeQueueHighWater (reading from them is paused)")
        .register(registry);
    Gauge.builder("wsgate.groups.open", this, m -> sum(m.groups))
        .description("Groups with members (counted per event loop that holds members)").register(registry);
    Gauge.builder("wsgate.group.members", this, m -> sum(m.groupMembers))
        .description("Group memberships of open connections").register(registry);
    groupDeliveries = Counter.builder("wsgate.group.deliveries")
        .description("Messages written to group members (one per member per group publish)").register(registry);
    // Registered up front: an alert on a limit needs the series before the first rejection.
    for (LimitKind limit : LimitKind.values()) {
      limitRejections.put(limit, Counter.builder("wsgate.limit.rejections")
          .description("Handshakes refused (429, 503) and connections closed (1008) by a client limit")
          .tag("limit", limit.label()).register(registry));
    }
  }

  /** The meters of a configured route. */
  public RouteMeters route(String name) {
    RouteMeters meters = routes.get(name);
    if (meters == null) {
      throw new IllegalArgumentException("no meters for route " + name);
    }
    return meters;
  }

  /** A rejected or abandoned handshake: {@code status} is the HTTP status, or "timeout". */
  public void handshakeFailed(String status) {
    handshakeFailures.computeIfAbsent(status, s -> Counter.builder("wsgate.handshake.failures")
        .description("Handshakes that did not end in 101, by HTTP status (or timeout)")
        .tag("status", s).register(registry)).increment();
  }

  /**
   * A connection closed before its PROXY protocol header was read: {@code reason} is
   * {@code untrusted} (peer not in server.trustedProxies), {@code malformed}, {@code oversized} or
   * {@code timeout}.
   */
  public void proxyHeaderFailed(String reason) {
    proxyHeaderFailure(reason).increment();
  }

  private Counter proxyHeaderFailure(String reason) {
    return proxyHeaderFailures.computeIfAbsent(reason, r -> Counter.builder("wsgate.proxy.header.failures")
        .description("Connections closed before a valid PROXY protocol header, by reason")
        .tag("reason", r).register(registry));
  }

  /** A client limit refused a handshake or closed a connection. */
  public void limitRejected(LimitKind limit) {
    limitRejections.get(limit).increment();
  }

  /** {@code wsgate_ready}: 1 while /health/ready says 200, so "no ready instance" can be alerted on. */
  public void readiness(BooleanSupplier ready) {
    Gauge.builder("wsgate.ready", ready, r -> r.getAsBoolean() ? 1 : 0)
        .description("1 when the node is ready for new connections (as /health/ready), 0 otherwise")
        .register(registry);
  }

  public Counter groupDeliveries() {
    return groupDeliveries;
  }

  /** Each WebSocket server verticle reports its own figures; the gauges add them up. */
  public void addEventLoopSources(LongSupplier queuedBytes, LongSupplier blocked, LongSupplier groupCount,
      LongSupplier memberCount) {
    outboundQueues.add(queuedBytes);
    blockedConnections.add(blocked);
    groups.add(groupCount);
    groupMembers.add(memberCount);
  }

  public MeterRegistry registry() {
    return registry;
  }

  private static double sum(List<LongSupplier> sources) {
    long total = 0;
    for (LongSupplier source : sources) {
      total += source.getAsLong();
    }
    return total;
  }
}
