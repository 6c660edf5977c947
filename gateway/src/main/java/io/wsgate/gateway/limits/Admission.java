package io.wsgate.gateway.limits;

import io.vertx.core.net.SocketAddress;
import io.wsgate.gateway.config.ClientLimits;
import io.wsgate.gateway.handshake.HandshakeException;
import io.wsgate.gateway.metrics.GatewayMetrics;
import io.wsgate.gateway.metrics.LimitKind;

/**
 * Who may open a WebSocket on this node: the handshake rate per client address and the
 * connection caps, in total and per address. One instance per node, shared by every event loop
 * (thread-safe), so the caps hold whatever {@code server.instances} is.
 */
public final class Admission {

  /** Retry-After of a 503: the same whichever cap refused, so it tells a client nothing. */
  static final long BUSY_RETRY_AFTER_SECONDS = 5;

  private final ConnectionSlots slots;
  /** Null when the handshake rate is not limited. */
  private final HandshakeRateLimiter handshakes;
  private final boolean perAddress;
  private final GatewayMetrics metrics;

  private Admission(ClientLimits limits, GatewayMetrics metrics) {
    this.slots = new ConnectionSlots(limits.maxConnections(), limits.maxConnectionsPerIp());
    this.handshakes = limits.handshakesPerSecondPerIp() == 0 ? null : new HandshakeRateLimiter(
        limits.handshakesPerSecondPerIp(), limits.handshakeBurstPerIp(), limits.maxTrackedIps(), System.nanoTime());
    this.perAddress = limits.maxConnectionsPerIp() > 0;
    this.metrics = metrics;
  }

  public static Admission create(ClientLimits limits, GatewayMetrics metrics) {
    return new Admission(limits, metrics);
  }

  /**
   * Counts one handshake (a complete request head, whatever comes of it) against the client's
   * allowance.
   *
   * @throws HandshakeException 429 with Retry-After when the allowance is used up
   */
  public void countHandshake(SocketAddress client) throws HandshakeException {
    if (handshakes == null) {
      return;
    }
    long retryAfter = handshakes.retryAfterSeconds(ClientAddress.limitKey(client), System.nanoTime());
    if (retryAfter > 0) {
      metrics.limitRejected(LimitKind.HANDSHAKE_RATE);
      throw HandshakeException.tooManyRequests(retryAfter);
    }
  }

  /**
   * Takes a slot for a connection about to get its 101; release it when its TCP connection ends.
   *
   * @throws HandshakeException 503 with Retry-After when a cap is reached
   */
  public Slot admit(SocketAddress client) throws HandshakeException {
    String key = perAddress ? ClientAddress.limitKey(client) : "";
    LimitKind refused = slots.tryAcquire(key);
    if (refused != null) {
      metrics.limitRejected(refused);
      throw HandshakeException.serviceUnavailable(BUSY_RETRY_AFTER_SECONDS);
    }
    return new Slot(key);
  }

  /** Connections holding a slot on this node now. */
  public int openConnections() {
    return slots.open();
  }

  /** One connection's place in the counts. Used on that connection's event loop only. */
  public final class Slot {

    private final String key;
    private boolean released;

    private Slot(String key) {
      this.key = key;
    }

    /** Gives the slot back; only the first call counts, whichever close path gets here first. */
    public void release() {
      if (!released) {
        released = true;
        slots.release(key);
      }
    }
  }
}
