package io.wsgate.gateway.metrics;

/** Which client limit refused a handshake or closed a connection: the {@code limit} label. */
public enum LimitKind {
  /** {@code limits.maxConnections}: 503. */
  MAX_CONNECTIONS("max_connections"),
  /** {@code limits.maxConnectionsPerIp}: 503. */
  MAX_CONNECTIONS_PER_IP("max_connections_per_ip"),
  /** {@code limits.handshakesPerSecondPerIp}: 429. */
  HANDSHAKE_RATE("handshake_rate"),
  /** {@code limits.messagesPerSecond}: Close 1008. */
  MESSAGE_RATE("message_rate"),
  /** {@code limits.bytesPerSecond}: Close 1008. */
  BYTE_RATE("byte_rate"),
  /** The connection's token expired: Close 1008. */
  TOKEN_EXPIRED("token_expired");

  private final String label;

  LimitKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
