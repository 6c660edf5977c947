package io.wsgate.gateway.management;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The management HTTP server: health endpoints for load balancers and orchestrators, and
 * {@code GET /metrics} for Prometheus.
 * {@code GET /health/live} is 200 while the process runs; {@code GET /health/ready} is 200 when
 * routers are deployed, the WebSocket port listens and the node is not draining, else 503.
 */
public final class ManagementVerticle extends VerticleBase {

  private final String host;
  private final int port;
  private final Readiness readiness;
  private final PrometheusMeterRegistry registry;
  private MetricsEndpoint metrics;
  private HttpServer server;

  public ManagementVerticle(String host, int port, Readiness readiness, PrometheusMeterRegistry registry) {
    this.host = host;
    this.port = port;
    this.readiness = readiness;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    metrics = new MetricsEndpoint(vertx, registry);
    server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(this::handle);
    return server.listen();
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.equals("/metrics") && request.method() == HttpMethod.GET) {
      metrics.handle(request);
    } else if (!path.startsWith("/health/")) {
      respond(request, 404, new JsonObject().put("error", "not found"));
    } else if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      request.response().putHeader("Allow", "GET, HEAD");
      respond(request, 405, new JsonObject().put("error", "method not allowed"));
    } else if (path.equals("/health/live")) {
      respond(request, 200, new JsonObject().put("status", "UP"));
    } else if (path.equals("/health/ready")) {
      respond(request, readiness.isReady() ? 200 : 503, readiness.toJson());
    } else {
      respond(request, 404, new JsonObject().put("error", "not found"));
    }
  }

  private static void respond(HttpServerRequest request, int status, JsonObject body) {
    request.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
