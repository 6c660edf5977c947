package io.wsgate.gateway.management;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.wsgate.api.Addresses;
import io.wsgate.gateway.config.ApiSettings;
import io.wsgate.gateway.config.GatewayConfig;
import io.wsgate.gateway.routing.Route;
import java.util.function.IntSupplier;

/**
 * The management HTTP server: health endpoints ({@code /health/}), Prometheus metrics
 * ({@code GET /metrics}), the publish API ({@code /api/}) and the demo chat page ({@code /demo/}).
 */
public final class ManagementVerticle extends VerticleBase {

  /** Idle keep-alive connections (and stalled request bodies) are closed after this. */
  private static final int IDLE_TIMEOUT_SECONDS = 60;
  /** Where the demo page connects when no rooms route is configured. */
  private static final String DEFAULT_ROOMS_PATH = "/rooms";

  private final GatewayConfig config;
  private final Readiness readiness;
  private final IntSupplier webSocketPort;
  private final PrometheusMeterRegistry registry;
  private HealthEndpoints health;
  private MetricsEndpoint metrics;
  private PublishApi api;
  private DemoSite demo;
  private HttpServer server;

  /** {@code webSocketPort} is read per request: the actual port, known once the listeners are up. */
  public ManagementVerticle(GatewayConfig config, Readiness readiness, IntSupplier webSocketPort,
      PrometheusMeterRegistry registry) {
    this.config = config;
    this.readiness = readiness;
    this.webSocketPort = webSocketPort;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    health = new HealthEndpoints(readiness);
    metrics = new MetricsEndpoint(vertx, registry);
    api = new PublishApi(config.api(), routerApiClient(config.api()));
    return vertx.executeBlocking(() -> DemoAssets.load(ManagementVerticle.class.getClassLoader()))
        .compose(assets -> {
          demo = new DemoSite(assets, webSocketPort, roomsPath(), config.demo().webSocketUrl());
          server = vertx.createHttpServer(new HttpServerOptions()
                  .setHost(config.server().managementHost())
                  .setPort(config.server().managementPort())
                  .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
                  // HTTP/1.1 only: nothing here gains from h2c, and "Connection: close" must work.
                  .setHttp2ClearTextEnabled(false))
              .requestHandler(this::handle);
          return server.listen();
        });
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.equals("/metrics") && request.method() == HttpMethod.GET) {
      metrics.handle(request);
    } else if (path.startsWith(HealthEndpoints.PREFIX)) {
      health.handle(request);
    } else if (PublishApi.handles(path)) {
      api.handle(request);
    } else if (DemoSite.handles(path)) {
      demo.handle(request);
    } else {
      HttpJson.error(request, 404, "not found");
    }
  }

  private RouterApiClient routerApiClient(ApiSettings settings) {
    return settings.route() == null ? null : new RouterApiClient(vertx.eventBus(),
        Addresses.routeApi(settings.route()), RouterApiClient.DEFAULT_TIMEOUT_MS);
  }

  /** The route the API serves (a rooms router), else the first rooms route, else {@code /rooms}. */
  private String roomsPath() {
    return config.routes().stream()
        .filter(route -> route.name().equals(config.api().route()))
        .findFirst()
        .or(() -> config.routes().stream().filter(route -> route.router().equals("rooms")).findFirst())
        .map(Route::path)
        .orElse(DEFAULT_ROOMS_PATH);
  }
}
