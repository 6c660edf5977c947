package io.wsgate.gateway.limits;

import io.wsgate.gateway.config.ClientLimits;
import io.wsgate.gateway.metrics.GatewayMetrics;
import io.wsgate.gateway.metrics.LimitKind;
import io.wsgate.gateway.protocol.PolicyViolationException;

/**
 * What one open connection may send: messages and bytes per second, each a token bucket that
 * starts full. Lives on the connection's event loop. A limit that is off costs nothing.
 */
public final class InboundRate {

  private final TokenBucket messages;
  private final TokenBucket bytes;
  private final GatewayMetrics metrics;

  private InboundRate(TokenBucket messages, TokenBucket bytes, GatewayMetrics metrics) {
    this.messages = messages;
    this.bytes = bytes;
    this.metrics = metrics;
  }

  public static InboundRate start(ClientLimits limits, GatewayMetrics metrics) {
    long now = System.nanoTime();
    return new InboundRate(
        limits.messagesPerSecond() == 0 ? null : new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), now),
        limits.bytesPerSecond() == 0 ? null : new TokenBucket(limits.bytesPerSecond(), limits.byteBurst(), now),
        metrics);
  }

  /**
   * Counts bytes as read from the socket, frame headers included.
   *
   * @throws PolicyViolationException (1008) when the byte rate is exceeded
   */
  public void onBytes(int count) {
    if (bytes != null && !bytes.tryTake(System.nanoTime(), count)) {
      throw exceeded(LimitKind.BYTE_RATE, "byte rate limit exceeded");
    }
  }

  /**
   * Counts a whole data message, or a Ping or Pong (they cost the server as much).
   *
   * @throws PolicyViolationException (1008) when the message rate is exceeded
   */
  public void onMessage() {
    if (messages != null && !messages.tryTake(System.nanoTime(), 1)) {
      throw exceeded(LimitKind.MESSAGE_RATE, "message rate limit exceeded");
    }
  }

  private PolicyViolationException exceeded(LimitKind limit, String reason) {
    metrics.limitRejected(limit);
    return new PolicyViolationException(reason);
  }
}
