package io.wsgate.gateway.server;

import static io.wsgate.gateway.testing.Bytes.concat;
import static io.wsgate.gateway.testing.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.TestGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code server.proxyProtocol} on the raw socket, in process: the header's client reaches the
 * router as {@code wsgate-remote}; a peer outside {@code server.trustedProxies}, a missing,
 * malformed, oversized or late header each close that connection without an answer, are counted,
 * and the server keeps serving.
 */
class ProxyProtocolTest {

  private static final String OPEN_PATH = "/s";
  private static Vertx trustingVertx;
  private static Vertx distrustingVertx;
  /** Trusts 127.0.0.1, where the test connects from. */
  private static Gateway trusting;
  /** Trusts only networks the test never connects from. */
  private static Gateway distrusting;

  @BeforeAll
  static void start() throws Exception {
    trustingVertx = Vertx.vertx();
    distrustingVertx = Vertx.vertx();
    trusting = TestGateway.start(trustingVertx, config("any", new JsonArray().add("127.0.0.1/32").add("::1")));
    distrusting = TestGateway.start(distrustingVertx, config("v1", new JsonArray().add("10.0.0.0/8").add("::1/128")));
  }

  @AfterAll
  static void stop() throws Exception {
    trustingVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    distrustingVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static JsonObject config(String mode, JsonArray trusted) {
    JsonObject config = TestGateway.config();
    config.getJsonObject("server").put("proxyProtocol", mode).put("trustedProxies", trusted);
    config.getJsonObject("limits").put("handshakeTimeoutMs", 400);
    config.getJsonArray("routes").add(new JsonObject().put("path", OPEN_PATH).put("router", ScriptedRouter.class.getName()));
    return config;
  }

  @Test
  void v1HeaderNamesTheClientTheRouterSees() throws Exception {
    try (RawClient client = RawClient.connect(trusting.webSocketPort())) {
      client.write("PROXY TCP4 203.0.113.7 127.0.0.1 4242 8080\r\n" + RawClient.upgradeRequest(OPEN_PATH, ""));
      assertEquals(101, client.readHttpResponse().status());
      assertTrue(openHeaders(client).contains("wsgate-remote=203.0.113.7:4242\n"));
    }
  }

  @Test
  void v2HeaderSentByteByByteNamesAnIpv6Client() throws Exception {
    byte[] header = hex("0d0a0d0a000d0a515549540a 21 21 0024"
        + "20010db8000000000000000000000007 00000000000000000000000000000001 1092 1f90"); // [2001:db8::7]:4242
    try (RawClient client = RawClient.connect(trusting.webSocketPort())) {
      client.writeByteByByte(concat(header, ascii(RawClient.upgradeRequest(OPEN_PATH, ""))));
      assertEquals(101, client.readHttpResponse().status());
      assertTrue(openHeaders(client).contains("wsgate-remote=2001:db8:0:0:0:0:0:7:4242\n"));
    }
  }

  @Test
  void v2LocalCommandKeepsTheTcpPeer() throws Exception {
    try (RawClient client = RawClient.connect(trusting.webSocketPort())) {
      client.write(concat(hex("0d0a0d0a000d0a515549540a 20 00 0000"), ascii(RawClient.upgradeRequest(OPEN_PATH, ""))));
      assertEquals(101, client.readHttpResponse().status());
      assertTrue(openHeaders(client).contains("wsgate-remote=127.0.0.1:"));
    }
  }

  @Test
  void handshakeWithoutAHeaderIsClosedUnansweredAndTheServerKeepsServing() throws Exception {
    double before = failures(trusting, "malformed");
    try (RawClient client = RawClient.connect(trusting.webSocketPort())) {
      client.write(RawClient.upgradeRequest("/echo", ""));
      assertClosedWithoutAnswer(client);
    }
    assertEquals(before + 1, failures(trusting, "malformed"));
    v1HeaderNamesTheClientTheRouterSees();
  }

  @Test
  void v1LineOver107BytesIsClosedAsOversized() throws Exception {
    double before = failures(trusting, "oversized");
    try (RawClient client = RawClient.connect(trusting.webSocketPort())) {
      client.write("PROXY UNKNOWN " + "f".repeat(200));
      assertClosedWithoutAnswer(client);
    }
    assertEquals(before + 1, failures(trusting, "oversized"));
  }

  @Test
  void headerNotCompleteWithinTheHandshakeTimeoutIsClosed() throws Exception {
    double before = failures(trusting, "timeout");
    try (RawClient client = RawClient.connect(trusting.webSocketPort())) {
      client.write("PROXY TCP4 203.0.113.7");
      client.setTimeout(5_000);
      assertClosedWithoutAnswer(client);
    }
    assertEquals(before + 1, failures(trusting, "timeout"));
  }

  @Test
  void untrustedPeerIsClosedWithoutItsHeaderBeingRead() throws Exception {
    double before = failures(distrusting, "untrusted");
    try (RawClient client = RawClient.connect(distrusting.webSocketPort())) {
      client.write("PROXY TCP4 10.1.2.3 127.0.0.1 4242 8080\r\n" + RawClient.upgradeRequest(OPEN_PATH, ""));
      assertClosedWithoutAnswer(client);
    }
    assertEquals(before + 1, failures(distrusting, "untrusted"));
  }

  /** The open event's headers, as the scripted router saw them. */
  private static String openHeaders(RawClient client) throws IOException {
    client.sendText("open?");
    return client.readFrame().text();
  }

  private static void assertClosedWithoutAnswer(RawClient client) throws IOException {
    int first;
    try {
      first = client.readBytes(1)[0];
    } catch (IOException closed) {
      return; // EOF or reset before any byte: closed without an answer
    }
    throw new AssertionError("server answered, first byte " + first);
  }

  private static double failures(Gateway gateway, String reason) {
    Counter counter = gateway.registry().find("wsgate.proxy.header.failures").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
