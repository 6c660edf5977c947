package io.wsgate.gateway.config;

/**
 * Per-connection limits and timeouts ({@code limits.*}); read once at start-up.
 *
 * @param maxHandshakeBytes request head larger than this gets 431
 * @param handshakeTimeoutMs a client that has not completed its handshake by then is dropped
 * @param maxFrameSize a frame with a longer payload gets Close 1009
 * @param maxMessageSize a message (all fragments) longer than this gets Close 1009
 * @param pingIntervalMs a connection silent for this long is sent a Ping
 * @param pingTimeoutMs after that Ping, nothing for this long closes it (1001)
 * @param closeTimeoutMs how long to wait for the client's Close after sending one, or for the
 *     final bytes to flush, before dropping TCP
 * @param writeQueueHighWater outbound bytes queued before the server stops reading the socket
 * @param maxOutboundQueue outbound bytes queued beyond the high-water mark before the client is
 *     closed as a slow consumer (1008)
 * @param clients connection caps and rates: what clients may take from the node
 */
public record Limits(int maxHandshakeBytes, long handshakeTimeoutMs, long maxFrameSize,
    long maxMessageSize, long pingIntervalMs, long pingTimeoutMs, long closeTimeoutMs,
    int writeQueueHighWater, long maxOutboundQueue, ClientLimits clients) {
}
