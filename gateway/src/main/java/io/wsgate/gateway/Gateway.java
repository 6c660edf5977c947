package io.wsgate.gateway;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.wsgate.api.Codecs;
import io.wsgate.api.RouterConfig;
import io.vertx.core.net.PemKeyCertOptions;
import io.wsgate.gateway.auth.AuthKeys;
import io.wsgate.gateway.auth.KeyLoader;
import io.wsgate.gateway.config.GatewayConfig;
import io.wsgate.gateway.limits.Admission;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wsgate.gateway.management.ManagementVerticle;
import io.wsgate.gateway.metrics.GatewayMetrics;
import io.wsgate.gateway.metrics.MetricsSetup;
import io.wsgate.gateway.management.Readiness;
import io.wsgate.gateway.routing.Route;
import io.wsgate.gateway.routing.RouteTable;
import io.wsgate.gateway.routing.RouterRegistry;
import io.wsgate.gateway.server.RouterControl;
import io.wsgate.gateway.server.ServerContext;
import io.wsgate.gateway.server.TlsSetup;
import io.wsgate.gateway.server.WebSocketServerVerticle;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wires one gateway node: routers first (so no message arrives before its router listens), then
 * the WebSocket listeners, then the management server. {@link #stopBeingReady} and {@link #drain}
 * undo it gracefully.
 */
public final class Gateway {

  private final Vertx vertx;
  private final GatewayConfig config;
  private final Readiness readiness = new Readiness();
  private final String nodeId = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicInteger webSocketPort = new AtomicInteger();
  private int managementPort;
  private String serverDeployment;

  private final PrometheusMeterRegistry registry;
  private final GatewayMetrics metrics;

  private Gateway(Vertx vertx, GatewayConfig config, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.registry = registry;
    this.metrics = new GatewayMetrics(registry, config.routes().stream().map(Route::name).toList());
    metrics.readiness(readiness::isReady);
  }

  /**
   * Deploys everything; fails (with every deployment undone by Vert.x) if any part fails.
   *
   * @param registry where gateway meters go and what /metrics serves; Vert.x's own meters are in
   *     it too when {@code vertx} was made by {@link MetricsSetup#newVertx}
   */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, PrometheusMeterRegistry registry) {
    Gateway gateway = new Gateway(vertx, config, registry);
    return gateway.deploy().map(gateway);
  }

  private Future<Void> deploy() {
    Codecs.register(vertx);
    RouterControl.install(vertx.eventBus());
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    // Keys and certificates are read and checked before any router starts: a bad one is a config error.
    Future<AuthKeys> authKeys = KeyLoader.load(vertx, config.auth());
    Future<PemKeyCertOptions> tls = TlsSetup.load(vertx, config.server().tls());
    return Future.all(authKeys, tls)
        .compose(v -> deployRouters(loader))
        .compose(v -> {
          readiness.routersDeployed();
          ServerContext context = new ServerContext(nodeId, config.limits(), new RouteTable(config.routes()),
              vertx.eventBus(), metrics, new AtomicLong(), authKeys.result(),
              Admission.create(config.limits().clients(), metrics));
          return vertx.deployVerticle(
              () -> new WebSocketServerVerticle(config.server(), context, webSocketPort, tls.result()),
              new DeploymentOptions().setInstances(config.server().instances()));
        })
        .compose(id -> {
          serverDeployment = id;
          readiness.listening();
          ManagementVerticle management = new ManagementVerticle(config, readiness, webSocketPort::get, registry);
          return vertx.deployVerticle(management).map(x -> {
            managementPort = management.actualPort();
            return null;
          });
        });
  }

  /** One deployment per route; fails, naming the route's key, when a router cannot be found. */
  private Future<?> deployRouters(ClassLoader loader) {
    List<Future<String>> routers = new ArrayList<>();
    try {
      RouterRegistry routerRegistry = new RouterRegistry(loader);
      List<Route> routes = config.routes();
      for (int i = 0; i < routes.size(); i++) {
        Route route = routes.get(i);
        var factory = routerRegistry.resolve(route.router(), "routes[" + i + "].router", loader);
        RouterConfig routerConfig = new RouterConfig(route.name(), route.address(), route.options());
        routers.add(vertx.deployVerticle(factory, new DeploymentOptions()
            .setConfig(routerConfig.toJson())
            .setInstances(route.instances())
            .setThreadingModel(ThreadingModel.EVENT_LOOP)));
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Future.all(routers);
  }

  /**
   * First step of a graceful stop: {@code /health/ready} answers 503 from now on, so load
   * balancers stop sending new clients, while existing and new connections are still served.
   */
  public void stopBeingReady() {
    readiness.draining();
  }

  /**
   * Graceful stop: report not ready, stop accepting, close clients with 1001 and wait for their
   * close handshakes up to {@code server.shutdownGraceMs}.
   */
  public Future<Void> drain() {
    readiness.draining();
    if (serverDeployment == null) {
      return Future.succeededFuture();
    }
    return vertx.undeploy(serverDeployment);
  }

  public int webSocketPort() {
    return webSocketPort.get();
  }

  public int managementPort() {
    return managementPort;
  }

  public Readiness readiness() {
    return readiness;
  }

  public String nodeId() {
    return nodeId;
  }

  public GatewayConfig config() {
    return config;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
