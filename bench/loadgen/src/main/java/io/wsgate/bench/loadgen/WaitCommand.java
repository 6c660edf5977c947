package io.wsgate.bench.loadgen;

import io.vertx.core.Vertx;
import io.wsgate.bench.loadgen.cli.Options;
import io.wsgate.bench.loadgen.metrics.ErrorCounters;
import io.wsgate.bench.loadgen.ws.Connector;
import io.wsgate.bench.loadgen.ws.Endpoint;
import io.wsgate.bench.loadgen.ws.WsConnection;
import java.util.concurrent.TimeUnit;

/**
 * {@code wait --port P [--path /echo] [--timeout 30]}: tries a WebSocket handshake every 100 ms
 * until one succeeds (exit 0) or the timeout passes (exit 1). The runner uses it to know a
 * server is serving WebSockets, not merely listening.
 */
final class WaitCommand {

  private static final long RETRY_MS = 100;
  private static final long ATTEMPT_TIMEOUT_S = 5;

  private WaitCommand() {
  }

  static boolean run(Options options) throws InterruptedException {
    Endpoint endpoint = new Endpoint(options.string("host", "127.0.0.1"), options.integer("port", 8080, 1, 65535));
    String path = options.string("path", "/echo");
    long timeoutMs = Math.round(options.decimal("timeout", 30, 0.1, 3600) * 1000);
    options.rejectUnknown();
    Vertx vertx = Vertx.vertx();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    try (Connector connector = new Connector(vertx, endpoint, 1, null, new ErrorCounters())) {
      while (System.nanoTime() < deadline) {
        try {
          WsConnection connection = connector.open(0, path, (c, text, payload) -> { })
              .await(ATTEMPT_TIMEOUT_S, TimeUnit.SECONDS);
          connection.close().await(ATTEMPT_TIMEOUT_S, TimeUnit.SECONDS);
          return true;
        } catch (Exception e) {
          Thread.sleep(RETRY_MS);
        }
      }
      return false;
    } finally {
      vertx.close();
    }
  }
}
