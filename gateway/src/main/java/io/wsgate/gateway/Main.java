package io.wsgate.gateway;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.wsgate.gateway.cluster.ClusterSetup;
import io.wsgate.gateway.config.ClusterSettings;
import io.wsgate.gateway.config.ApiSettings;
import io.wsgate.gateway.config.ConfigException;
import io.wsgate.gateway.config.ConfigLoader;
import io.wsgate.gateway.config.GatewayConfig;
import io.wsgate.gateway.config.ServerSettings;
import io.wsgate.gateway.metrics.MetricsSetup;
import io.wsgate.gateway.routing.Route;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar wsgate.jar [--config FILE]}. Exit codes: 0 after a graceful stop, 1 when
 * start-up fails (port in use, router failed), 2 for a bad command line or configuration.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final int EXIT_STARTUP_FAILED = 1;
  private static final int EXIT_BAD_CONFIG = 2;
  private static final String USAGE = "usage: java -jar wsgate.jar [--config FILE.yaml|FILE.json]";
  /** Time on top of the grace period for Vert.x itself to close after draining. */
  private static final long CLOSE_MARGIN_MS = 5_000;

  private Main() {
  }

  public static void main(String[] args) {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    // Before Hazelcast's first log line, which it would otherwise write through java.util.logging.
    System.setProperty("hazelcast.logging.type", "slf4j");
    Path configFile;
    try {
      configFile = parseArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println("wsgate: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(EXIT_BAD_CONFIG);
      return;
    }
    // vertx-config needs a Vert.x to read the configuration, and the configuration sizes the
    // Vert.x that runs the gateway (event loops, metrics): read it on a short-lived one first.
    Vertx bootstrap = Vertx.vertx();
    GatewayConfig config;
    try {
      config = ConfigLoader.load(bootstrap, configFile).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      boolean badConfig = cause instanceof ConfigException;
      LOG.error("{}: {}", badConfig ? "bad configuration" : "start-up failed", cause.getMessage());
      bootstrap.close();
      System.exit(badConfig ? EXIT_BAD_CONFIG : EXIT_STARTUP_FAILED);
      return;
    } finally {
      bootstrap.close();
    }
    PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
    // Routers register their own meters in the global registry (docs/event-bus.md).
    Metrics.addRegistry(registry);
    Vertx vertx;
    try {
      vertx = newVertx(config, registry);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      LOG.error("start-up failed: could not join the cluster: {}", cause.toString());
      System.exit(EXIT_STARTUP_FAILED);
      return;
    }
    Gateway.start(vertx, config, registry)
        .onSuccess(gateway -> {
          logStarted(gateway);
          installSignalHandlers(vertx, gateway);
        })
        .onFailure(e -> {
          boolean badConfig = e instanceof ConfigException;
          LOG.error("{}: {}", badConfig ? "bad configuration" : "start-up failed", e.getMessage());
          // Exit on a plain thread: System.exit would wait for Vert.x's own threads otherwise.
          new Thread(() -> {
            vertx.close();
            System.exit(badConfig ? EXIT_BAD_CONFIG : EXIT_STARTUP_FAILED);
          }, "wsgate-exit").start();
        });
  }

  /** Single node, or a node that has joined the cluster of {@code cluster.*} (blocks until it has). */
  private static Vertx newVertx(GatewayConfig config, PrometheusMeterRegistry registry) throws Exception {
    VertxOptions options = MetricsSetup.options(config.server().eventLoops());
    ClusterSettings cluster = config.cluster();
    if (!cluster.enabled()) {
      return MetricsSetup.builder(registry).with(options).build();
    }
    LOG.info("joining cluster \"{}\" as {}:{} (members {}), event bus on {}:{}", cluster.name(), cluster.host(),
        cluster.port(), cluster.members(), cluster.eventBusHost(),
        cluster.eventBusPort() == 0 ? "any free port" : cluster.eventBusPort());
    return ClusterSetup.join(MetricsSetup.builder(registry), options, cluster)
        .toCompletionStage().toCompletableFuture().get();
  }

  private static Path parseArgs(String[] args) {
    Path config = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--config") && i + 1 < args.length) {
        config = Path.of(args[++i]);
      } else if (arg.startsWith("--config=")) {
        config = Path.of(arg.substring("--config=".length()));
      } else if (arg.equals("--help") || arg.equals("-h")) {
        System.out.println(USAGE);
        System.exit(0);
      } else {
        throw new IllegalArgumentException("unknown argument \"" + arg + "\"");
      }
    }
    return config;
  }

  private static void logStarted(Gateway gateway) {
    GatewayConfig config = gateway.config();
    String host = displayHost(config.server().host());
    for (Route route : config.routes()) {
      LOG.info("route ws://{}:{}{} -> router {}", host, gateway.webSocketPort(), route.path(), route.router());
    }
    String managementHost = displayHost(config.server().managementHost());
    LOG.info("health http://{}:{}/health/live and /health/ready", managementHost, gateway.managementPort());
    LOG.info("demo chat http://{}:{}/demo/", managementHost, gateway.managementPort());
    logApi(config.api(), "http://" + managementHost + ":" + gateway.managementPort() + "/api/");
    LOG.info("wsgate node {} ready", gateway.nodeId());
  }

  private static void logApi(ApiSettings api, String url) {
    if (api.key() == null || api.route() == null) {
      LOG.info("publish API {} disabled: set api.key and api.route", url);
      return;
    }
    LOG.info("publish API {} -> route {}", url, api.route());
    if (api.developmentKey()) {
      LOG.warn("publish API uses the development key \"{}\": anyone who knows it can post as \"{}\";"
          + " set api.key or {} before exposing the management port", ApiSettings.DEVELOPMENT_KEY, api.sender(),
          GatewayConfig.ENV_API_KEY);
    }
  }

  private static String displayHost(String host) {
    return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
  }

  /**
   * SIGTERM/SIGINT: turn not ready at once, keep serving for {@code server.drainDelayMs} (so load
   * balancers notice and send new clients elsewhere), then close clients with 1001 within the
   * grace period, close Vert.x, exit 0. A second signal cuts the drain delay short.
   */
  private static void installSignalHandlers(Vertx vertx, Gateway gateway) {
    CompletableFuture<Void> stopping = new CompletableFuture<>();
    CountDownLatch delayCut = new CountDownLatch(1);
    ServerSettings server = gateway.config().server();
    long limit = server.shutdownGraceMs() + CLOSE_MARGIN_MS;
    Runnable stop = () -> {
      if (!stopping.complete(null)) {
        delayCut.countDown();
        return;
      }
      gateway.stopBeingReady();
      new Thread(() -> {
        // Blocking steps on this plain thread: chaining close() onto a Vert.x context would
        // complete on an event loop that close() itself has just shut down.
        if (server.drainDelayMs() > 0) {
          LOG.info("draining: /health/ready answers 503; serving clients for {} ms more", server.drainDelayMs());
          try {
            if (delayCut.await(server.drainDelayMs(), TimeUnit.MILLISECONDS)) {
              LOG.info("second signal: drain delay cut short");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        LOG.info("stopping: closing clients with 1001, grace {} ms", server.shutdownGraceMs());
        try {
          gateway.drain().toCompletionStage().toCompletableFuture().get(limit, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          LOG.warn("clients not all closed within {} ms: {}", limit, e.toString());
        }
        try {
          vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_MARGIN_MS, TimeUnit.MILLISECONDS);
          LOG.info("stopped");
        } catch (Exception e) {
          LOG.warn("Vert.x did not close within {} ms: {}", CLOSE_MARGIN_MS, e.toString());
        }
        System.exit(0);
      }, "wsgate-shutdown").start();
    };
    Signal.handle(new Signal("TERM"), signal -> stop.run());
    Signal.handle(new Signal("INT"), signal -> stop.run());
  }
}
