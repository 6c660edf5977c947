package io.wsgate.gateway.metrics;

import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;

/**
 * Creates the Prometheus registry and a Vert.x instance that reports into it. Metrics options
 * must be set when Vert.x is created, not inside a verticle.
 */
public final class MetricsSetup {

  private MetricsSetup() {
  }

  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // JVM memory, GC, threads, class loading, CPU and uptime come from Vert.x
    // (jvmMetricsEnabled); open file descriptors are what it does not cover.
    new FileDescriptorMetrics().bindTo(registry);
    return registry;
  }

  /**
   * A Vert.x that records its net-server and HTTP-server metrics in {@code registry}. Labels are
   * limited on purpose: a remote-address label would create one series per client. Pool labels
   * are a fixed few names; without them the pools of cluster mode would share one series.
   *
   * <p>Vert.x's event-bus metrics are off: they look their meters up by tags on every message,
   * which took about a quarter of the gateway's CPU in a pipelined-echo profile (JFR,
   * docs/benchmarks.md). The gateway measures the event bus itself where it matters: hand-off
   * latency and failed requests to routers.
   */
  public static Vertx newVertx(PrometheusMeterRegistry registry, int eventLoops) {
    return builder(registry).with(options(eventLoops)).build();
  }

  /** Options sized by the config, with the metrics of {@link #newVertx}. */
  public static VertxOptions options(int eventLoops) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.LOCAL, Label.POOL_TYPE, Label.POOL_NAME))
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET);
    return new VertxOptions().setMetricsOptions(metrics).setEventLoopPoolSize(eventLoops);
  }

  /** A Vert.x builder that reports into {@code registry}; give it {@link #options}. */
  public static VertxBuilder builder(PrometheusMeterRegistry registry) {
    return Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry));
  }
}
