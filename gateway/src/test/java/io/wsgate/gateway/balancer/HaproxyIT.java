package io.wsgate.gateway.balancer;

import static io.wsgate.gateway.testing.Bytes.concat;
import static io.wsgate.gateway.testing.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.interop.GatewayProcess;
import io.wsgate.gateway.server.ScriptedRouter;
import io.wsgate.gateway.testing.RawClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The gateway behind a real HAProxy run with the shipped {@code conf/haproxy/haproxy.cfg} (ports
 * substituted): the PROXY protocol from {@code send-proxy} and {@code send-proxy-v2} gives routers
 * the real client address, a forged header from an untrusted peer is refused, and SIGTERM drains
 * a node without HAProxy sending it new clients.
 *
 * <p>Routers see the client through the scripted test router ({@code /who}: "open?" answers with
 * the open event's headers, {@code wsgate-remote} and {@code wsgate-node} among them), loaded from
 * target/test-classes next to the fat jar, as any router outside the jar would be.
 */
class HaproxyIT {

  private static final String WHO = "/who";
  /** The default of server.drainDelayMs, which the shipped check interval is tuned for. */
  private static final long DRAIN_DELAY_MS = 5_000;
  private static final Pattern NODE = Pattern.compile("wsgate node (\\S+) ready");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void shippedConfigurationIsValidWithAndWithoutProxyProtocol() throws Exception {
    assertTrue(HaproxyProcess.check(HaproxyProcess.shippedConfig()).contains("Configuration file is valid"));
    Path withProxy = HaproxyProcess.moduleDir().resolve("target").resolve("interop-logs").resolve("haproxy-shipped-v2.cfg");
    Files.createDirectories(withProxy.getParent());
    String shipped = Files.readString(HaproxyProcess.shippedConfig(), StandardCharsets.UTF_8);
    Files.writeString(withProxy, shipped.replace("    # default-server send-proxy-v2", "    default-server send-proxy-v2"));
    assertTrue(HaproxyProcess.check(withProxy).contains("Configuration file is valid"));
  }

  @Test
  void sendProxyV1GivesRoutersTheRealClientAddress() throws Exception {
    routerSeesTheRealClient("v1", "send-proxy");
  }

  @Test
  void sendProxyV2GivesRoutersTheRealClientAddress() throws Exception {
    routerSeesTheRealClient("v2", "send-proxy-v2");
  }

  private void routerSeesTheRealClient(String mode, String haproxyOption) throws Exception {
    try (GatewayProcess gateway = startGateway("proxy-" + mode, proxyServer(mode), Map.of());
        HaproxyProcess haproxy = HaproxyProcess.start("proxy-" + mode, List.of(server("gw1", gateway)), haproxyOption);
        RawClient client = RawClient.connectFrom("127.0.0.5", haproxy.port())) {
      client.write(RawClient.upgradeRequest(WHO, ""));
      assertEquals(101, client.readHttpResponse().status(), haproxy::output);
      String open = openHeaders(client);
      assertTrue(open.contains("wsgate-remote=127.0.0.5:" + client.localPort() + "\n"),
          () -> "open event headers:\n" + open + "\ngateway log:\n" + gateway.logTail(40));
    }
  }

  @Test
  void forgedHeaderFromAnUntrustedPeerIsRefusedAndProxiedClientsStillServed() throws Exception {
    try (GatewayProcess gateway = startGateway("untrusted", proxyServer("v2"), Map.of());
        HaproxyProcess haproxy = HaproxyProcess.start("untrusted", List.of(server("gw1", gateway)), "send-proxy-v2")) {
      // 127.0.0.9 is not in trustedProxies (127.0.0.1/32) and claims to relay for 127.0.0.1.
      byte[] forged = hex("0d0a0d0a000d0a515549540a 21 11 000c 7f000001 7f000001 3039 1f90");
      try (RawClient direct = RawClient.connectFrom("127.0.0.9", gateway.port())) {
        direct.write(concat(forged, RawClient.upgradeRequest(WHO, "").getBytes(StandardCharsets.ISO_8859_1)));
        assertClosedWithoutAnswer(direct);
      }
      String metrics = get(gateway.managementUri("/metrics")).body();
      assertTrue(metrics.contains("wsgate_proxy_header_failures_total{reason=\"untrusted\"} 1.0"), metrics);
      try (RawClient client = RawClient.connectFrom("127.0.0.5", haproxy.port())) {
        client.write(RawClient.upgradeRequest(WHO, ""));
        assertEquals(101, client.readHttpResponse().status());
        assertTrue(openHeaders(client).contains("wsgate-remote=127.0.0.5:"));
      }
    }
  }

  @Test
  void sigtermDrainsANodeWhileHaproxySendsNewClientsToTheOther() throws Exception {
    JsonObject plain = new JsonObject().put("instances", 1).put("eventLoops", 1);
    Map<String, String> drain = Map.of("WSGATE_DRAIN_DELAY_MS", Long.toString(DRAIN_DELAY_MS));
    List<RawClient> clients = new ArrayList<>();
    try (GatewayProcess gw1 = startGateway("drain-gw1", plain, drain);
        GatewayProcess gw2 = startGateway("drain-gw2", plain, drain);
        HaproxyProcess haproxy = HaproxyProcess.start("drain", List.of(server("gw1", gw1), server("gw2", gw2)), null)) {
      String node1 = nodeId(gw1);
      String node2 = nodeId(gw2);
      // leastconn: with one client on a node, the next goes to the other one.
      RawClient first = viaHaproxy(haproxy, clients);
      RawClient second = viaHaproxy(haproxy, clients);
      String firstNode = node(first);
      assertNotEquals(firstNode, node(second), "leastconn spreads two clients over two nodes");
      boolean firstOnGw1 = firstNode.equals(node1);
      GatewayProcess victim = firstOnGw1 ? gw1 : gw2;
      String survivor = firstOnGw1 ? node2 : node1;
      String victimName = firstOnGw1 ? "gw1" : "gw2";

      long signalled = System.nanoTime();
      victim.signalTerm();
      awaitStatus(victim.managementUri("/health/ready"), 503, Duration.ofSeconds(1));

      // Still serving: its client, and a new client that comes straight to it.
      assertEcho(first, "during the drain delay");
      try (RawClient direct = RawClient.open(victim.port(), "/echo")) {
        assertEcho(direct, "new connection while draining");
      }

      assertTrue(haproxy.awaitOutput("Server wsgate/" + victimName + " is DOWN", Duration.ofMillis(DRAIN_DELAY_MS)),
          haproxy::output);
      long downAfter = millisSince(signalled);
      assertTrue(downAfter < DRAIN_DELAY_MS - 500, "haproxy took " + downAfter + " ms to take the node out");
      // Out of the rotation, not yet closing: every new client lands on the other node.
      for (int i = 0; i < 4; i++) {
        RawClient client = viaHaproxy(haproxy, clients);
        assertEquals(survivor, node(client), "new client " + i + " after DOWN");
        client.sendClose(1000, "");
      }
      assertTrue(victim.isAlive());
      assertEcho(first, "still served after DOWN");

      first.setTimeout(15_000);
      RawClient.ServerFrame close = first.readUntilClose();
      long closedAfter = millisSince(signalled);
      assertEquals(1001, close.closeCode());
      first.sendClose(1001, "");
      assertTrue(closedAfter >= DRAIN_DELAY_MS, "closed " + closedAfter + " ms after SIGTERM");
      assertTrue(victim.awaitExit(Duration.ofSeconds(15)), "exited after draining");
      assertEquals(0, victim.exitCode(), () -> victim.logTail(40));

      assertEcho(second, "the other node is unaffected");
      // A second signal cuts the drain delay short (an operator's second Ctrl-C).
      GatewayProcess other = victim == gw1 ? gw2 : gw1;
      long stopping = System.nanoTime();
      other.signalTerm();
      // Only once the first is handled: two SIGTERMs sent at once may reach the JVM as one.
      awaitStatus(other.managementUri("/health/ready"), 503, Duration.ofSeconds(2));
      other.signalTerm();
      second.setTimeout(15_000);
      assertEquals(1001, second.readUntilClose().closeCode());
      assertTrue(millisSince(stopping) < DRAIN_DELAY_MS - 1_000, "second SIGTERM did not cut the delay");
      second.sendClose(1001, "");
      assertTrue(other.awaitExit(Duration.ofSeconds(15)));
      assertEquals(0, other.exitCode());
      System.out.println("second SIGTERM: exited after " + millisSince(stopping) + " ms");
      System.out.println("drain: DOWN in haproxy after " + downAfter + " ms, clients closed after " + closedAfter
          + " ms");
    } finally {
      for (RawClient client : clients) {
        client.close();
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static JsonObject proxyServer(String mode) {
    return new JsonObject().put("instances", 1).put("eventLoops", 1)
        .put("proxyProtocol", mode).put("trustedProxies", new JsonArray().add("127.0.0.1/32"));
  }

  /** A gateway with /echo and the scripted router on /who, single node, from a config file. */
  private static GatewayProcess startGateway(String name, JsonObject server, Map<String, String> env)
      throws IOException {
    JsonObject config = new JsonObject()
        .put("server", server)
        .put("routes", new JsonArray()
            .add(new JsonObject().put("path", "/echo").put("router", "echo"))
            .add(new JsonObject().put("path", WHO).put("router", ScriptedRouter.class.getName())));
    Path dir = HaproxyProcess.moduleDir().resolve("target").resolve("interop-logs");
    Files.createDirectories(dir);
    Path file = dir.resolve("gateway-" + name + ".json");
    Files.writeString(file, config.encodePrettily());
    Path testClasses = HaproxyProcess.moduleDir().resolve("target").resolve("test-classes");
    return GatewayProcess.start(name, List.of(testClasses), List.of("--config", file.toString()), env);
  }

  private static HaproxyProcess.Server server(String name, GatewayProcess gateway) {
    return new HaproxyProcess.Server(name, gateway.port(), gateway.managementPort());
  }

  private static RawClient viaHaproxy(HaproxyProcess haproxy, List<RawClient> clients) throws IOException {
    RawClient client = RawClient.connect(haproxy.port());
    clients.add(client);
    client.write(RawClient.upgradeRequest(WHO, ""));
    RawClient.HttpResponse response = client.readHttpResponse();
    assertEquals(101, response.status(), () -> response.statusLine() + "\n" + haproxy.output());
    return client;
  }

  private static String openHeaders(RawClient client) throws IOException {
    client.sendText("open?");
    return client.readFrame().text();
  }

  /** The node holding the connection, as its router was told (wsgate-node). */
  private static String node(RawClient client) throws IOException {
    for (String line : openHeaders(client).split("\n")) {
      if (line.startsWith("wsgate-node=")) {
        return line.substring("wsgate-node=".length());
      }
    }
    throw new AssertionError("no wsgate-node header");
  }

  private static String nodeId(GatewayProcess gateway) {
    Matcher matcher = NODE.matcher(gateway.log());
    assertTrue(matcher.find(), gateway::log);
    return matcher.group(1);
  }

  private static void assertEcho(RawClient client, String text) throws IOException {
    client.sendText(text);
    assertEquals(text, client.readFrame().text());
  }

  private static void assertClosedWithoutAnswer(RawClient client) throws IOException {
    int first;
    try {
      first = client.readBytes(1)[0];
    } catch (IOException closed) {
      return;
    }
    throw new AssertionError("server answered, first byte " + first);
  }

  private static void awaitStatus(URI uri, int status, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = get(uri).statusCode();
      if (last == status) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(uri + " answered " + last + ", not " + status + ", within " + within.toMillis() + " ms");
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
