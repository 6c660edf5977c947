package io.wsgate.bench.vertxpeer;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;

/**
 * One HTTP server instance (one event loop) serving the two benchmark routes with Vert.x's
 * built-in WebSocket codec, configured like the gateway: no compression, 16 MiB frame and
 * message limits, TCP_NODELAY.
 */
final class PeerVerticle extends VerticleBase {

  static final String ECHO_PATH = "/echo";
  static final String BROADCAST_PATH = "/broadcast";
  /** The gateway's default limits.maxFrameSize / maxMessageSize. */
  private static final int MAX_SIZE = 16 * 1024 * 1024;
  private static final int NOT_FOUND = 404;

  private final String host;
  private final int port;
  private final BroadcastHub hub;

  PeerVerticle(String host, int port, BroadcastHub hub) {
    this.host = host;
    this.port = port;
    this.hub = hub;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setTcpNoDelay(true)
        .setMaxWebSocketFrameSize(MAX_SIZE)
        .setMaxWebSocketMessageSize(MAX_SIZE)
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false);
    HttpServer server = vertx.createHttpServer(options)
        .webSocketHandshakeHandler(this::handshake)
        .webSocketHandler(this::opened)
        .requestHandler(request -> request.response().setStatusCode(NOT_FOUND).end());
    return server.listen();
  }

  private void handshake(ServerWebSocketHandshake handshake) {
    String path = handshake.path();
    if (ECHO_PATH.equals(path) || BROADCAST_PATH.equals(path)) {
      handshake.accept();
    } else {
      handshake.reject(NOT_FOUND);
    }
  }

  private void opened(ServerWebSocket ws) {
    if (ECHO_PATH.equals(ws.path())) {
      echo(ws);
    } else {
      hub.join(ws);
    }
  }

  /** Sends every message back, same type; stops reading while the client does not read (like the gateway). */
  private static void echo(ServerWebSocket ws) {
    ws.textMessageHandler(text -> {
      ws.writeTextMessage(text);
      pauseIfFull(ws);
    });
    ws.binaryMessageHandler(bytes -> {
      ws.writeBinaryMessage(bytes);
      pauseIfFull(ws);
    });
    ws.drainHandler(v -> ws.resume());
  }

  private static void pauseIfFull(ServerWebSocket ws) {
    if (ws.writeQueueFull()) {
      ws.pause();
    }
  }
}
