package io.wsgate.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wsgate.api.MessageType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code wsgate_message_size_bytes}: the bucket a size falls in, and what a scrape shows. */
class SizeHistogramTest {

  @Test
  void aSizeFallsInTheFirstBucketThatHoldsIt() {
    long[] sizes = {0, 1, 64, 65, 256, 257, 1024, 1025, 4096, 16_384, 16_385, 65_536, 262_144, 1_048_576, 4_194_304,
        4_194_305, 16_777_216, 16_777_217, Integer.MAX_VALUE};
    for (long size : sizes) {
      int bucket = SizeHistogram.bucket(size);
      assertTrue(size <= SizeHistogram.UPPER_BOUNDS[bucket], size + " is above bound " + bucket);
      if (bucket > 0) {
        assertTrue(size > SizeHistogram.UPPER_BOUNDS[bucket - 1], size + " fits bound " + (bucket - 1));
      }
    }
    assertEquals(SizeHistogram.UPPER_BOUNDS.length - 1, SizeHistogram.bucket(16_777_217), "+Inf");
  }

  @Test
  void aScrapeShowsCumulativeBucketsCountAndSum() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RouteMeters meters = new GatewayMetrics(registry, List.of("echo")).route("echo");
    meters.received(MessageType.TEXT, 10);
    meters.received(MessageType.BINARY, 100);
    meters.received(MessageType.BINARY, 100_000_000);
    meters.sent(true, 64);
    String scrape = registry.scrape();
    assertTrue(scrape.contains("# TYPE wsgate_message_size_bytes histogram"), scrape);
    assertTrue(scrape.contains("wsgate_message_size_bytes_bucket{direction=\"in\",route=\"echo\",le=\"64.0\"} 1\n"), scrape);
    assertTrue(scrape.contains("wsgate_message_size_bytes_bucket{direction=\"in\",route=\"echo\",le=\"256.0\"} 2\n"), scrape);
    assertTrue(scrape.contains("wsgate_message_size_bytes_bucket{direction=\"in\",route=\"echo\",le=\"1.6777216E7\"} 2\n"), scrape);
    assertTrue(scrape.contains("wsgate_message_size_bytes_bucket{direction=\"in\",route=\"echo\",le=\"+Inf\"} 3\n"), scrape);
    assertTrue(scrape.contains("wsgate_message_size_bytes_count{direction=\"in\",route=\"echo\"} 3\n"), scrape);
    assertTrue(scrape.contains("wsgate_message_size_bytes_sum{direction=\"in\",route=\"echo\"} 1.0000011E8\n"), scrape);
    assertTrue(scrape.contains("wsgate_message_size_bytes_bucket{direction=\"out\",route=\"echo\",le=\"64.0\"} 1\n"), scrape);
  }
}
