package io.wsgate.gateway.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.PemKeyCertOptions;
import io.wsgate.gateway.auth.Authenticator;
import io.vertx.core.eventbus.ReplyException;
import io.wsgate.gateway.metrics.GatewayMetrics;
import io.wsgate.gateway.metrics.RouteMeters;
import io.wsgate.gateway.routing.Route;
import java.util.Locale;
import io.wsgate.gateway.config.Limits;
import io.wsgate.gateway.config.ProxySettings;
import io.wsgate.gateway.protocol.Buffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.wsgate.gateway.config.ServerSettings;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket listener: a raw {@link NetServer} whose bytes {@link Connection} parses itself.
 * Deployed once per event loop on the same port; each instance owns the connections it accepts
 * and sweeps their timeouts with one periodic timer.
 */
public final class WebSocketServerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketServerVerticle.class);

  /** How often each event loop probes each route's hand-off latency. */
  private static final long PROBE_INTERVAL_MS = 100;
  private static final long PROBE_TIMEOUT_MS = 5_000;
  /** The sweeper never runs less often than this, so timeouts are at most this late. */
  private static final long MAX_TICK_MS = 1000;
  private static final long MIN_TICK_MS = 10;

  private final ServerSettings settings;
  private final ServerContext serverContext;
  private final Set<Connection> connections = new HashSet<>();
  /** Sockets from trusted proxies whose PROXY header is not read yet. */
  private final Set<ProxyPreamble> preambles = new HashSet<>();
  private final AtomicInteger boundPort;
  /** Key and certificate for wss://, or null for plain ws://. */
  private final PemKeyCertOptions tls;
  private NetServer server;
  private Authenticator authenticator;
  private GroupRegistry groups;
  private EventLoopState loop;
  private long sweeper = -1;
  private long prober = -1;
  /** Figures for the gauges, refreshed by the sweeper and read from the scrape thread. */
  private volatile long queuedBytes;
  private volatile long blockedConnections;

  /**
   * @param boundPort receives the port actually bound (useful when the configured port is 0)
   * @param tls the key and certificate from {@link TlsSetup#load}, or null for plain ws://
   */
  public WebSocketServerVerticle(ServerSettings settings, ServerContext serverContext, AtomicInteger boundPort,
      PemKeyCertOptions tls) {
    this.settings = settings;
    this.serverContext = serverContext;
    this.boundPort = boundPort;
    this.tls = tls;
  }

  @Override
  public Future<?> start() {
    NetServerOptions options = new NetServerOptions()
        .setHost(settings.host())
        .setPort(settings.port())
        .setTcpNoDelay(true)
        .setReuseAddress(true);
    if (tls != null) {
      TlsSetup.apply(options, tls, serverContext.limits().handshakeTimeoutMs());
    }
    if (serverContext.authKeys() != null) {
      authenticator = Authenticator.create(vertx, serverContext.authKeys());
    }
    GatewayMetrics metrics = serverContext.metrics();
    groups = new GroupRegistry(vertx.eventBus(), metrics.groupDeliveries());
    loop = new EventLoopState(serverContext.nextLoopPrefix(), groups, vertx.eventBus(),
        ((ContextInternal) context).nettyEventLoop());
    metrics.addEventLoopSources(() -> queuedBytes, () -> blockedConnections, groups::groupCount, groups::memberCount);
    server = vertx.createNetServer(options).connectHandler(this::accept);
    sweeper = vertx.setPeriodic(tickMillis(serverContext.limits()), id -> sweep());
    prober = vertx.setPeriodic(PROBE_INTERVAL_MS, id -> probeRouters());
    return loop.listen().completion()
        .compose(v -> server.listen())
        .onSuccess(s -> boundPort.set(s.actualPort()));
  }

  /** Stop accepting, ask every connection to close with 1001, and wait up to the grace period. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    vertx.cancelTimer(prober);
    // The sweeper must keep enforcing close timeouts while connections drain.
    long drainSweeper = vertx.setPeriodic(tickMillis(serverContext.limits()), id -> sweep());
    return server.shutdown(settings.shutdownGraceMs(), TimeUnit.MILLISECONDS)
        .andThen(ar -> vertx.cancelTimer(drainSweeper));
  }

  private void accept(NetSocket socket) {
    long now = Connection.nowMillis();
    ProxySettings proxy = settings.proxy();
    if (!proxy.enabled()) {
      open(socket, socket.remoteAddress(), now, Buffers.empty());
      return;
    }
    // The TCP peer is read here only to decide whether to believe a PROXY header at all.
    if (!proxy.trusted().trusts(socket.remoteAddress().hostAddress())) {
      serverContext.metrics().proxyHeaderFailed("untrusted");
      LOG.debug("peer {} is not in server.trustedProxies: connection closed", socket.remoteAddress());
      Transport.abort(socket);
      return;
    }
    ProxyPreamble preamble = new ProxyPreamble(socket, proxy.mode(), now, serverContext.limits().handshakeTimeoutMs(),
        serverContext.metrics(), (client, rest) -> open(socket, client, now, rest), preambles::remove);
    preambles.add(preamble);
    preamble.start();
  }

  private void open(NetSocket socket, SocketAddress client, long acceptedAt, Buffer received) {
    Connection connection = new Connection(socket, client, serverContext, loop, authenticator, acceptedAt,
        connections::remove);
    connections.add(connection);
    connection.start(received);
  }

  private void sweep() {
    long now = Connection.nowMillis();
    for (ProxyPreamble preamble : preambles.toArray(new ProxyPreamble[0])) {
      preamble.onTick(now);
    }
    long queued = 0;
    long blocked = 0;
    // Copy: a tick may close a connection, which removes it from the set.
    for (Connection connection : connections.toArray(new Connection[0])) {
      connection.onTick(now);
      queued += connection.pendingWriteBytes();
      if (connection.isOutputBlocked()) {
        blocked++;
      }
    }
    queuedBytes = queued;
    blockedConnections = blocked;
  }

  private void probeRouters() {
    for (Route route : serverContext.routes().routes()) {
      RouteMeters meters = serverContext.metrics().route(route.name());
      loop.batcher().queue(route.address()).flush(); // probes, like every route event, follow pending messages
      long sent = System.nanoTime();
      RouterControl.probe(route.address(), PROBE_TIMEOUT_MS)
          .onComplete(ar -> {
            if (ar.succeeded()) {
              // sent here → answered on the router's context → back on this event loop
              long answered = ar.result();
              meters.handoff(Math.max(0, answered - sent), Math.max(0, System.nanoTime() - answered));
            } else {
              meters.eventBusFailure(failureReason(ar.cause()));
            }
          });
    }
  }

  private static String failureReason(Throwable cause) {
    return cause instanceof ReplyException
        ? ((ReplyException) cause).failureType().name().toLowerCase(Locale.ROOT) : "error";
  }

  static long tickMillis(Limits limits) {
    long shortest = Math.min(Math.min(limits.pingIntervalMs(), limits.pingTimeoutMs()),
        Math.min(limits.handshakeTimeoutMs(), limits.closeTimeoutMs()));
    return Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, shortest / 4));
  }
}
