package io.wsgate.bench.vertxpeer;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * {@code java -jar vertx-peer.jar [--port 8090] [--host 127.0.0.1] [--event-loops 1]}: the
 * benchmark's reference point, Vert.x's own WebSocket server ({@code HttpServer} +
 * {@code ServerWebSocket}) with the gateway's {@code /echo} and {@code /broadcast} semantics.
 * Prints {@code listening on HOST:PORT} once it accepts connections; stops on SIGTERM.
 */
public final class VertxPeer {

  private static final int DEFAULT_PORT = 8090;
  private static final String DEFAULT_HOST = "127.0.0.1";
  private static final int EXIT_USAGE = 2;
  private static final int EXIT_STARTUP_FAILED = 1;

  private VertxPeer() {
  }

  /** The command line. */
  private record Settings(String host, int port, int eventLoops) {
  }

  public static void main(String[] args) {
    Settings settings = parse(args);
    // One server verticle per event loop, all on the same port (Vert.x balances accepts).
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(settings.eventLoops()));
    BroadcastHub hub = new BroadcastHub();
    vertx.deployVerticle(() -> new PeerVerticle(settings.host(), settings.port(), hub),
            new DeploymentOptions().setInstances(settings.eventLoops()))
        .onSuccess(id -> System.out.println("vertx-peer listening on " + settings.host() + ":" + settings.port()
            + " (" + hub.describe() + ", event loops " + settings.eventLoops() + ")"))
        .onFailure(e -> {
          System.err.println("vertx-peer: start-up failed: " + e);
          System.exit(EXIT_STARTUP_FAILED);
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await(), "vertx-peer-stop"));
  }

  private static Settings parse(String[] args) {
    int port = DEFAULT_PORT;
    String host = DEFAULT_HOST;
    int eventLoops = 1;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      try {
        switch (args[i]) {
          case "--port" -> port = Integer.parseInt(require(args[i], value));
          case "--host" -> host = require(args[i], value);
          case "--event-loops" -> eventLoops = Integer.parseInt(require(args[i], value));
          default -> usage("unknown argument " + args[i]);
        }
      } catch (NumberFormatException e) {
        usage(args[i] + " needs a number, got " + value);
      }
    }
    return new Settings(host, port, eventLoops);
  }

  private static String require(String flag, String value) {
    if (value == null) {
      usage(flag + " needs a value");
    }
    return value;
  }

  private static void usage(String problem) {
    System.err.println("vertx-peer: " + problem);
    System.err.println("usage: java -jar vertx-peer.jar [--port N] [--host ADDR] [--event-loops N]");
    System.exit(EXIT_USAGE);
  }
}
