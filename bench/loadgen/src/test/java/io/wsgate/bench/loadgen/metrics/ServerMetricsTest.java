package io.wsgate.bench.loadgen.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServerMetricsTest {

  private static final ServerMetrics.Scrape SCRAPE = new ServerMetrics.Scrape(String.join("\n",
      "# HELP jvm_memory_used_bytes The amount of used memory",
      "# TYPE jvm_memory_used_bytes gauge",
      "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"} 1.9922944E7",
      "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"} 4300800.0",
      "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\"} 2.0040048E7",
      "process_files_max_files 20000.0",
      "process_files_open_files 19.0",
      "wsgate_connections_open{route=\"broadcast\"} 3.0",
      "wsgate_connections_open{route=\"echo\"} 4.0",
      "wsgate_connections_opened_total{route=\"echo\"} 100.0",
      ""));

  @Test
  void sumsEverySampleOfTheNameWhoseLabelsContainAllGiven() {
    assertEquals(19_922_944 + 4_300_800, SCRAPE.sum("jvm_memory_used_bytes", "area=\"heap\""));
    assertEquals(4_300_800, SCRAPE.sum("jvm_memory_used_bytes", "area=\"heap\"", "Old Gen"));
    assertEquals(7, SCRAPE.sum("wsgate_connections_open"));
  }

  @Test
  void aMetricWhoseNameStartsWithAnotherIsNotCounted() {
    assertEquals(19, SCRAPE.sum("process_files_open_files"));
    assertEquals(7, SCRAPE.sum("wsgate_connections_open"), "wsgate_connections_opened_total is another metric");
  }

  @Test
  void anAbsentMetricSumsToZero() {
    assertEquals(0, SCRAPE.sum("wsgate_slow_consumer_disconnects_total"));
    assertEquals(0, SCRAPE.sum("jvm_memory_used_bytes", "area=\"heap\"", "Tenured Gen"));
  }
}
