package io.wsgate.gateway.config;

/**
 * Listeners and lifecycle ({@code server.*}).
 *
 * @param host WebSocket listener address
 * @param port WebSocket port; 0 picks a free one
 * @param managementHost management HTTP listener address
 * @param managementPort management HTTP port; 0 picks a free one
 * @param eventLoops Vert.x event loop threads (routers and WebSocket servers share them)
 * @param instances WebSocket server verticles, one per event loop
 * @param shutdownGraceMs how long SIGTERM waits for clients to finish the close handshake
 * @param tls TLS on the WebSocket port ({@code wss://}), or null for plain {@code ws://}
 * @param drainDelayMs after SIGTERM, how long the node keeps serving (not ready) before it closes clients
 * @param proxy the PROXY protocol on the WebSocket port
 */
public record ServerSettings(String host, int port, String managementHost, int managementPort,
    int eventLoops, int instances, long shutdownGraceMs, TlsSettings tls, long drainDelayMs,
    ProxySettings proxy) {
}
