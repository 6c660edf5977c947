package io.wsgate.gateway.config;

/**
 * What clients may take from a node ({@code limits.*}, next to the per-connection sizes and
 * timeouts in {@link Limits}); read once at start-up. A value of 0 turns a limit off.
 *
 * @param maxConnections open WebSocket connections on this node; one more handshake gets 503
 * @param maxConnectionsPerIp open WebSocket connections from one client address; one more gets 503
 * @param handshakesPerSecondPerIp handshake rate allowed per client address; beyond it, 429
 * @param handshakeBurstPerIp handshakes one address may make at once before the rate applies
 * @param maxTrackedIps addresses whose handshake rate is tracked at once (bounds the memory used)
 * @param messagesPerSecond messages (and Pings/Pongs) one connection may send per second; beyond it, 1008
 * @param messageBurst messages one connection may send at once before the rate applies
 * @param bytesPerSecond bytes one connection may send per second after its handshake; beyond it, 1008
 * @param byteBurst bytes one connection may send at once before the rate applies
 */
public record ClientLimits(int maxConnections, int maxConnectionsPerIp, int handshakesPerSecondPerIp,
    int handshakeBurstPerIp, int maxTrackedIps, int messagesPerSecond, int messageBurst, long bytesPerSecond,
    long byteBurst) {
}
