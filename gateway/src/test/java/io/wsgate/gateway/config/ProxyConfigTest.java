package io.wsgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.proxy.ProxyMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code server.proxyProtocol}, {@code server.trustedProxies} and {@code server.drainDelayMs}. */
class ProxyConfigTest {

  private static GatewayConfig parse(String server) {
    return GatewayConfig.parse(new JsonObject()
        .put("server", new JsonObject(server))
        .put("routes", new JsonArray().add(new JsonObject().put("path", "/echo").put("router", "echo"))));
  }

  @Test
  void proxyProtocolIsOffAndDrainDelayFiveSecondsByDefault() {
    ServerSettings server = parse("{}").server();
    assertEquals(ProxyMode.OFF, server.proxy().mode());
    assertFalse(server.proxy().enabled());
    assertEquals(5_000, server.drainDelayMs());
  }

  @Test
  void trustedProxiesTakeIpv4AndIpv6Networks() {
    ProxySettings proxy = parse("{\"proxyProtocol\":\"v2\",\"trustedProxies\":[\"10.0.0.0/8\",\"::1\",\"fd00::/8\"]}")
        .server().proxy();
    assertEquals(ProxyMode.V2, proxy.mode());
    assertTrue(proxy.trusted().trusts("10.20.30.40"));
    assertTrue(proxy.trusted().trusts("0:0:0:0:0:0:0:1"));
    assertTrue(proxy.trusted().trusts("fd12:0:0:0:0:0:0:1"));
    assertFalse(proxy.trusted().trusts("11.0.0.1"));
  }

  @Test
  void drainDelayCanBeZero() {
    assertEquals(0, parse("{\"drainDelayMs\":0}").server().drainDelayMs());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown mode        | {\"proxyProtocol\":\"on\"}                                     | server.proxyProtocol: must be off, v1, v2 or any, got \"on\"",
      "no trusted proxies  | {\"proxyProtocol\":\"any\"}                                    | server.trustedProxies: is required when server.proxyProtocol is any",
      "bad CIDR            | {\"proxyProtocol\":\"v1\",\"trustedProxies\":[\"10.0.0.0/8\",\"lb.local\"]} | server.trustedProxies[1]: \"lb.local\" is not an IPv4 or IPv6 address or CIDR",
      "host bits           | {\"proxyProtocol\":\"v1\",\"trustedProxies\":[\"10.0.0.1/8\"]} | server.trustedProxies[0]: \"10.0.0.1/8\": address has bits set after the /8 prefix",
      "not a list          | {\"trustedProxies\":\"10.0.0.0/8\"}                            | server.trustedProxies: must be a list of strings",
      "with TLS            | {\"proxyProtocol\":\"v2\",\"trustedProxies\":[\"::1\"],\"tls\":{\"certPath\":\"c\",\"keyPath\":\"k\"}} | server.proxyProtocol: cannot be used with server.tls",
      "negative drain      | {\"drainDelayMs\":-1}                                          | server.drainDelayMs: must be between 0 and",
  })
  void badValuesNameTheirKey(String label, String server, String expected) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(server));
    assertTrue(e.getMessage().startsWith(expected), () -> label + ": " + e.getMessage());
  }
}
