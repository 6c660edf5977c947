package io.wsgate.gateway.management;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code GET /metrics}: the Prometheus text format, or OpenMetrics when the scraper's Accept
 * header asks for {@code application/openmetrics-text} (Prometheus does by default).
 */
final class MetricsEndpoint {

  private static final String OPENMETRICS = "application/openmetrics-text";
  private static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;

  MetricsEndpoint(Vertx vertx, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  void handle(HttpServerRequest request) {
    String accept = request.getHeader("Accept");
    String contentType = accept != null && accept.contains(OPENMETRICS)
        ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE;
    // Scraping walks every meter: keep it off the event loop that also serves health checks.
    vertx.executeBlocking(() -> registry.scrape(contentType), false)
        .onSuccess(body -> request.response()
            .putHeader("Content-Type", contentType)
            .putHeader("Cache-Control", "no-store")
            .end(body))
        .onFailure(e -> request.response().setStatusCode(500).end("scrape failed: " + e.getMessage()));
  }
}
