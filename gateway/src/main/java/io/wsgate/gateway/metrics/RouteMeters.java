package io.wsgate.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.wsgate.api.MessageType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one route, created once at start-up. A connection keeps a reference to its
 * route's instance, so recording a message is a plain counter update with no lookup by name.
 */
public final class RouteMeters {

  private final MeterRegistry registry;
  private final Tags tags;
  private final AtomicLong open = new AtomicLong();
  private final Counter opened;
  private final Counter receivedText;
  private final Counter receivedBinary;
  private final Counter receivedTextBytes;
  private final Counter receivedBinaryBytes;
  private final Counter sentText;
  private final Counter sentBinary;
  private final Counter sentTextBytes;
  private final Counter sentBinaryBytes;
  private final SizeHistogram receivedSize;
  private final SizeHistogram sentSize;
  private final Counter slowConsumers;
  private final Counter pingTimeouts;
  private final Timer toRouter;
  private final Timer toClient;
  private final Map<String, Counter> probeFailures = new ConcurrentHashMap<>();
  private final Map<String, Counter> closed = new ConcurrentHashMap<>();

  RouteMeters(MeterRegistry registry, SizeHistograms sizes, String route) {
    this.registry = registry;
    this.tags = Tags.of("route", route);
    Gauge.builder("wsgate.connections.open", open, AtomicLong::get)
        .description("Open WebSocket connections").tags(tags).register(registry);
    opened = Counter.builder("wsgate.connections.opened")
        .description("Connections that completed the handshake").tags(tags).register(registry);
    receivedText = messages("wsgate.messages.received", "Messages received from clients", MessageType.TEXT);
    receivedBinary = messages("wsgate.messages.received", "Messages received from clients", MessageType.BINARY);
    receivedTextBytes = bytes("wsgate.received", "Payload bytes received from clients", MessageType.TEXT);
    receivedBinaryBytes = bytes("wsgate.received", "Payload bytes received from clients", MessageType.BINARY);
    sentText = messages("wsgate.messages.sent", "Messages sent to clients", MessageType.TEXT);
    sentBinary = messages("wsgate.messages.sent", "Messages sent to clients", MessageType.BINARY);
    sentTextBytes = bytes("wsgate.sent", "Payload bytes sent to clients", MessageType.TEXT);
    sentBinaryBytes = bytes("wsgate.sent", "Payload bytes sent to clients", MessageType.BINARY);
    receivedSize = sizes.add(route, "in");
    sentSize = sizes.add(route, "out");
    slowConsumers = Counter.builder("wsgate.slow.consumer.disconnects")
        .description("Clients disconnected because their outbound queue exceeded limits.maxOutboundQueue")
        .tags(tags).register(registry);
    pingTimeouts = Counter.builder("wsgate.ping.timeouts")
        .description("Connections closed because no byte arrived within limits.pingTimeoutMs of a Ping")
        .tags(tags).register(registry);
    toRouter = handoff("to_router");
    toClient = handoff("to_client");
  }

  private Counter messages(String name, String description, MessageType type) {
    return Counter.builder(name).description(description).tags(tags).tag("type", type.wire()).register(registry);
  }

  private Counter bytes(String name, String description, MessageType type) {
    return Counter.builder(name).baseUnit("bytes").description(description).tags(tags).tag("type", type.wire())
        .register(registry);
  }

  private Timer handoff(String direction) {
    return Timer.builder("wsgate.router.handoff")
        .description("Event-bus hand-off latency between the gateway and the route's router, sampled by probes on the same path")
        .tags(tags).tag("direction", direction)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(1_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  public void opened() {
    opened.increment();
    open.incrementAndGet();
  }

  public void closed(int code, ClosedBy by) {
    String key = CloseCodeLabel.of(code) + '/' + by.label();
    closed.computeIfAbsent(key, k -> Counter.builder("wsgate.connections.closed")
        .description("Connections closed, by close code and by who closed")
        .tags(tags).tag("code", CloseCodeLabel.of(code)).tag("by", by.label())
        .register(registry)).increment();
    // Counted as closed before it leaves the open gauge: whoever sees it gone sees its close too.
    open.decrementAndGet();
  }

  public void received(MessageType type, int payloadBytes) {
    if (type == MessageType.TEXT) {
      receivedText.increment();
      receivedTextBytes.increment(payloadBytes);
    } else {
      receivedBinary.increment();
      receivedBinaryBytes.increment(payloadBytes);
    }
    receivedSize.record(payloadBytes);
  }

  public void sent(boolean text, int payloadBytes) {
    if (text) {
      sentText.increment();
      sentTextBytes.increment(payloadBytes);
    } else {
      sentBinary.increment();
      sentBinaryBytes.increment(payloadBytes);
    }
    sentSize.record(payloadBytes);
  }

  public void slowConsumer() {
    slowConsumers.increment();
  }

  public void pingTimeout() {
    pingTimeouts.increment();
  }

  public void handoff(long toRouterNanos, long toClientNanos) {
    toRouter.record(toRouterNanos, TimeUnit.NANOSECONDS);
    toClient.record(toClientNanos, TimeUnit.NANOSECONDS);
  }

  /** A probe or barrier to the router failed: {@code reason} is the Vert.x ReplyFailure, lowercased. */
  public void eventBusFailure(String reason) {
    probeFailures.computeIfAbsent(reason, r -> Counter.builder("wsgate.eventbus.failures")
        .description("Requests from the gateway to a router that failed (no handler, timeout)")
        .tags(tags).tag("reason", r).register(registry)).increment();
  }
}
