package io.wsgate.gateway.config;

import java.util.Set;

/**
 * Reads the client limits from the {@code limits} section. Per-address limits are off by default:
 * behind a load balancer that does not pass the client's address on, every client has the
 * balancer's address. The per-connection rates are on, far above what interactive clients send.
 */
final class ClientLimitsConfig {

  static final Set<String> KEYS = Set.of("maxConnections", "maxConnectionsPerIp", "handshakesPerSecondPerIp",
      "handshakeBurstPerIp", "maxTrackedIps", "messagesPerSecond", "messageBurst", "bytesPerSecond", "byteBurst");

  private static final int MAX_COUNT = 100_000_000;
  private static final long MAX_BYTES = 1L << 40;

  private ClientLimitsConfig() {
  }

  static ClientLimits parse(ConfigReader r) {
    return new ClientLimits(
        r.intValue("maxConnections", 100_000, 0, MAX_COUNT),
        r.intValue("maxConnectionsPerIp", 0, 0, MAX_COUNT),
        r.intValue("handshakesPerSecondPerIp", 0, 0, MAX_COUNT),
        r.intValue("handshakeBurstPerIp", 100, 1, MAX_COUNT),
        r.intValue("maxTrackedIps", 100_000, 1, MAX_COUNT),
        r.intValue("messagesPerSecond", 1_000, 0, MAX_COUNT),
        r.intValue("messageBurst", 5_000, 1, MAX_COUNT),
        r.longValue("bytesPerSecond", 16L << 20, 0, MAX_BYTES),
        r.longValue("byteBurst", 64L << 20, 1, MAX_BYTES));
  }
}
