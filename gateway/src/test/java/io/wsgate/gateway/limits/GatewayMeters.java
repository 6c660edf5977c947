package io.wsgate.gateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.wsgate.gateway.Gateway;

/** Reads a test gateway's meters. */
final class GatewayMeters {

  private GatewayMeters() {
  }

  /** A counter's value; 0 when it was never created. */
  static double counter(Gateway gateway, String name, String... tags) {
    Counter counter = gateway.registry().find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Open connections over every route. */
  static double openConnections(Gateway gateway) {
    return gateway.registry().find("wsgate.connections.open").gauges().stream().mapToDouble(Gauge::value).sum();
  }

  /**
   * Waits until the server has seen every connection end: a client's close returns before the
   * server's close handler has run.
   */
  static void awaitOpenConnections(Gateway gateway, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (openConnections(gateway) != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(expected, openConnections(gateway), "open connections on the server");
  }

  /** Waits until a counter reaches {@code expected} (it is updated once the server saw TCP end). */
  static void awaitCounter(Gateway gateway, double expected, String name, String... tags) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (counter(gateway, name, tags) < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(expected, counter(gateway, name, tags), name + " " + String.join(",", tags));
  }
}
