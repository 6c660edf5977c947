package io.wsgate.gateway.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.wsgate.gateway.metrics.GatewayMetrics;
import io.wsgate.gateway.proxy.ProxyHeader;
import io.wsgate.gateway.proxy.ProxyHeaderException;
import io.wsgate.gateway.proxy.ProxyHeaderParser;
import io.wsgate.gateway.proxy.ProxyMode;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of a connection from a trusted proxy, before a {@link Connection} exists: reads the
 * PROXY protocol header and hands the socket on with the client address it names. A bad header,
 * or none within {@code limits.handshakeTimeoutMs} of the accept, closes TCP without an answer.
 * The verticle's sweeper calls {@link #onTick}; no timer per connection.
 */
final class ProxyPreamble {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyPreamble.class);

  private final NetSocket socket;
  private final ProxyHeaderParser parser;
  private final long acceptedAt;
  private final long timeoutMs;
  private final GatewayMetrics metrics;
  private final BiConsumer<SocketAddress, Buffer> onHeader;
  private final Consumer<ProxyPreamble> onDone;
  private boolean done;

  /**
   * @param onHeader gets the client address and the bytes after the header (the handshake's start)
   * @param onDone called once, when the header was read or the socket is gone
   */
  ProxyPreamble(NetSocket socket, ProxyMode mode, long acceptedAt, long timeoutMs, GatewayMetrics metrics,
      BiConsumer<SocketAddress, Buffer> onHeader, Consumer<ProxyPreamble> onDone) {
    this.socket = socket;
    this.parser = new ProxyHeaderParser(mode);
    this.acceptedAt = acceptedAt;
    this.timeoutMs = timeoutMs;
    this.metrics = metrics;
    this.onHeader = onHeader;
    this.onDone = onDone;
  }

  void start() {
    socket.handler(this::onBytes);
    socket.closeHandler(v -> finish());
    socket.exceptionHandler(e -> Transport.abort(socket));
    // Server shutdown: nothing to say to a connection that has not even sent its header.
    socket.shutdownHandler(v -> Transport.abort(socket));
  }

  private void onBytes(Buffer bytes) {
    if (done) {
      return;
    }
    ProxyHeader header;
    try {
      header = parser.feed(bytes);
    } catch (ProxyHeaderException e) {
      fail(e.reason().label(), e.getMessage());
      return;
    }
    if (header != null) {
      finish();
      SocketAddress client = header.hasAddresses()
          ? SocketAddress.inetSocketAddress(header.source()) : socket.remoteAddress();
      onHeader.accept(client, parser.remainder());
    }
  }

  void onTick(long now) {
    if (!done && now - acceptedAt >= timeoutMs) {
      fail("timeout", "no PROXY protocol header within " + timeoutMs + " ms");
    }
  }

  private void fail(String reason, String message) {
    finish();
    metrics.proxyHeaderFailed(reason);
    // The peer is a trusted proxy, so its address is the one to log here.
    LOG.debug("proxy {}: connection closed: {}", socket.remoteAddress(), message);
    Transport.abort(socket);
  }

  private void finish() {
    if (!done) {
      done = true;
      onDone.accept(this);
    }
  }
}
