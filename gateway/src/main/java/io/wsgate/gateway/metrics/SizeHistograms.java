package io.wsgate.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code wsgate_message_size_bytes}: every route's {@link SizeHistogram}s, collected at scrape
 * time by the Prometheus registry behind Micrometer's. With another registry (unit tests) the
 * sizes are recorded but not exported.
 */
final class SizeHistograms implements MultiCollector {

  static final String NAME = "wsgate_message_size_bytes";

  private final List<SizeHistogram> histograms = new CopyOnWriteArrayList<>();

  SizeHistograms(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry) {
      ((PrometheusMeterRegistry) registry).getPrometheusRegistry().register(this);
    }
  }

  /** A new histogram for {@code route} and {@code direction} ({@code in} or {@code out}). */
  SizeHistogram add(String route, String direction) {
    SizeHistogram histogram = new SizeHistogram(Labels.of("direction", direction, "route", route));
    histograms.add(histogram);
    return histogram;
  }

  @Override
  public MetricSnapshots collect() {
    HistogramSnapshot.Builder snapshot = HistogramSnapshot.builder()
        .name(NAME)
        .help("Message payload sizes")
        .unit(Unit.BYTES);
    for (SizeHistogram histogram : histograms) {
      snapshot.dataPoint(histogram.snapshot());
    }
    return MetricSnapshots.of(snapshot.build());
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(NAME);
  }
}
