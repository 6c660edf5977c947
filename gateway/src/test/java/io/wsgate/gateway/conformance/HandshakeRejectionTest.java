package io.wsgate.gateway.conformance;

import static io.wsgate.gateway.conformance.Conformance.ECHO;
import static io.wsgate.gateway.conformance.Conformance.assertEcho;
import static io.wsgate.gateway.conformance.Conformance.assertFailsWith;
import static io.wsgate.gateway.conformance.Conformance.assertStillServing;
import static io.wsgate.gateway.conformance.Conformance.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.RawClient.HttpResponse;
import io.wsgate.gateway.testing.TestGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 §4.1 (client requirements the server must check) and §4.2 (server response): every
 * faulty opening handshake gets its exact HTTP status with a one-line plain-text body and the
 * TCP connection is closed; valid variants are accepted with a correct 101.
 */
@ExtendWith(VertxExtension.class)
class HandshakeRejectionTest {

  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static final String GUARDED = "/guarded";
  private static final String GOOD_ORIGIN = "https://good.example";
  private static final int MAX_HEAD = 8192;
  private static final long HANDSHAKE_TIMEOUT_MS = 300;

  private static int port;
  private static int timeoutPort;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    JsonObject config = TestGateway.config();
    config.getJsonObject("limits").put("maxHandshakeBytes", MAX_HEAD);
    config.getJsonArray("routes").add(new JsonObject().put("path", GUARDED).put("router", "echo")
        .put("allowedOrigins", new JsonArray().add(GOOD_ORIGIN)));
    Gateway gateway = TestGateway.start(vertx, config);
    port = gateway.webSocketPort();

    JsonObject timeouts = TestGateway.config();
    timeouts.getJsonObject("limits").put("handshakeTimeoutMs", HANDSHAKE_TIMEOUT_MS);
    timeoutPort = TestGateway.start(vertx, timeouts).webSocketPort();
  }

  // ---- request builder -------------------------------------------------------------------------

  /** A request head as a request line plus header lines, edited per case. */
  record Head(String requestLine, List<String> lines) {

    static Head valid(String path) {
      return new Head("GET " + path + " HTTP/1.1", List.of(
          "Host: 127.0.0.1",
          "Upgrade: websocket",
          "Connection: Upgrade",
          "Sec-WebSocket-Key: " + KEY,
          "Sec-WebSocket-Version: 13"));
    }

    static Head valid() {
      return valid(ECHO);
    }

    Head line(String newRequestLine) {
      return new Head(newRequestLine, lines);
    }

    /** Drops every header with this name. */
    Head without(String name) {
      List<String> kept = new ArrayList<>();
      for (String l : lines) {
        if (!l.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
          kept.add(l);
        }
      }
      return new Head(requestLine, kept);
    }

    /** Replaces every header with this name by one line {@code name: value}. */
    Head set(String name, String value) {
      return without(name).with(name + ": " + value);
    }

    Head with(String headerLine) {
      List<String> more = new ArrayList<>(lines);
      more.add(headerLine);
      return new Head(requestLine, more);
    }

    String wire() {
      StringBuilder sb = new StringBuilder(requestLine).append("\r\n");
      lines.forEach(l -> sb.append(l).append("\r\n"));
      return sb.append("\r\n").toString();
    }
  }

  // ---- rejections ------------------------------------------------------------------------------

  static Stream<Arguments> rejections() {
    Consumer<HttpResponse> none = r -> { };
    String key15 = Base64.getEncoder().encodeToString(new byte[15]);
    String key17 = Base64.getEncoder().encodeToString(new byte[17]);
    return Stream.of(
        Arguments.of("missing Host", Head.valid().without("Host"), 400, none),
        Arguments.of("two Host headers", Head.valid().with("Host: other.example"), 400, none),
        Arguments.of("missing Upgrade", Head.valid().without("Upgrade"), 400, none),
        Arguments.of("Upgrade: h2c", Head.valid().set("Upgrade", "h2c"), 400, none),
        Arguments.of("Upgrade: websocketx", Head.valid().set("Upgrade", "websocketx"), 400, none),
        Arguments.of("missing Connection", Head.valid().without("Connection"), 400, none),
        Arguments.of("Connection without upgrade token", Head.valid().set("Connection", "keep-alive"), 400, none),
        Arguments.of("Connection: upgraded (not a token match)", Head.valid().set("Connection", "upgraded"), 400, none),
        Arguments.of("missing Sec-WebSocket-Key", Head.valid().without("Sec-WebSocket-Key"), 400, none),
        Arguments.of("key of 15 bytes", Head.valid().set("Sec-WebSocket-Key", key15), 400, none),
        Arguments.of("key of 17 bytes", Head.valid().set("Sec-WebSocket-Key", key17), 400, none),
        Arguments.of("key not base64", Head.valid().set("Sec-WebSocket-Key", "!!!!!!!!!!!!!!!!!!!!!!=="), 400, none),
        Arguments.of("two keys", Head.valid().with("Sec-WebSocket-Key: " + KEY), 400, none),
        Arguments.of("missing Sec-WebSocket-Version", Head.valid().without("Sec-WebSocket-Version"), 400, none),
        Arguments.of("request line without version", Head.valid().line("GET /echo"), 400, none),
        Arguments.of("request line with double space", Head.valid().line("GET  /echo HTTP/1.1"), 400, none),
        Arguments.of("request line with 4 parts", Head.valid().line("GET /echo HTTP/1.1 x"), 400, none),
        Arguments.of("request line garbage", Head.valid().line("hello"), 400, none),
        Arguments.of("method not a token", Head.valid().line("G@T /echo HTTP/1.1"), 400, none),
        Arguments.of("lowercase http version", Head.valid().line("GET /echo http/1.1"), 400, none),
        Arguments.of("HTTP/1.0", Head.valid().line("GET /echo HTTP/1.0"), 400, none),
        Arguments.of("HTTP/0.9", Head.valid().line("GET /echo HTTP/0.9"), 400, none),
        Arguments.of("unknown path", Head.valid("/nope"), 404, none),
        Arguments.of("path prefix of a route", Head.valid("/ech"), 404, none),
        Arguments.of("origin not allowed", Head.valid(GUARDED).with("Origin: https://evil.example"), 403, none),
        Arguments.of("two Origin headers", Head.valid(GUARDED).with("Origin: " + GOOD_ORIGIN)
            .with("Origin: https://evil.example"), 400, none),
        Arguments.of("POST", Head.valid().line("POST /echo HTTP/1.1"), 405,
            (Consumer<HttpResponse>) r -> assertEquals("GET", r.headers().get("allow"), "405 must carry Allow")),
        Arguments.of("lowercase get (methods are case-sensitive)", Head.valid().line("get /echo HTTP/1.1"), 405, none),
        Arguments.of("version 8", Head.valid().set("Sec-WebSocket-Version", "8"), 426,
            (Consumer<HttpResponse>) r -> assertEquals("13", r.headers().get("sec-websocket-version"),
                "426 must name the supported version (RFC 6455 §4.4)")),
        Arguments.of("version 14", Head.valid().set("Sec-WebSocket-Version", "14"), 426,
            (Consumer<HttpResponse>) r -> assertEquals("13", r.headers().get("sec-websocket-version"))),
        Arguments.of("head over maxHandshakeBytes", Head.valid().with("X-Pad: " + "a".repeat(MAX_HEAD)), 431, none));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("rejections")
  void badHandshakeGetsExactStatusThenTcpClose(String label, Head head, int status, Consumer<HttpResponse> extra)
      throws IOException {
    try (RawClient client = RawClient.connect(port)) {
      client.write(head.wire());
      HttpResponse response = client.readHttpResponse();
      assertRejection(response, status);
      extra.accept(response);
      assertTrue(client.serverClosedTcp(), "server must close TCP after a rejection");
    }
    assertStillServing(port);
  }

  @Test
  void bareLfLineEndingsAreRejected() throws IOException {
    try (RawClient client = RawClient.connect(port)) {
      client.write(Head.valid().wire().replace("\r\n", "\n"));
      assertRejection(client.readHttpResponse(), 400);
      assertTrue(client.serverClosedTcp());
    }
    assertStillServing(port);
  }

  @Test
  void headOfExactlyMaxHandshakeBytesIsAccepted() throws IOException {
    String base = Head.valid().with("X-Pad: ").wire();
    String head = Head.valid().with("X-Pad: " + "a".repeat(MAX_HEAD - base.length())).wire();
    assertEquals(MAX_HEAD, head.length());
    try (RawClient client = RawClient.connect(port)) {
      client.write(head);
      assertEquals(101, client.readHttpResponse().status());
      client.sendText("fits");
      assertEcho(client, RawClient.OP_TEXT, utf8("fits"));
    }
  }

  private static void assertRejection(HttpResponse response, int status) {
    assertEquals(status, response.status(), "status line: " + response.statusLine() + " body: " + response.body());
    assertTrue(response.statusLine().startsWith("HTTP/1.1 " + status + " "), response.statusLine());
    assertNotNull(response.headers().get("content-type"), "rejection must have a Content-Type");
    assertTrue(response.headers().get("content-type").startsWith("text/plain"), response.headers().toString());
    String body = response.body();
    assertEquals(Integer.parseInt(response.headers().get("content-length")),
        body.getBytes(StandardCharsets.UTF_8).length, "body length must match Content-Length");
    assertTrue(body.length() > 1 && body.endsWith("\n"), "body must be one line of text: \"" + body + "\"");
    assertEquals(body.length() - 1, body.indexOf('\n'), "body must be exactly one line: \"" + body + "\"");
    assertFalse(body.contains("\r"), "body must be exactly one line: \"" + body + "\"");
    assertFalse(response.headers().containsKey("sec-websocket-accept"), "a rejection must not accept");
  }

  // ---- accepted variants -----------------------------------------------------------------------

  static Stream<Arguments> acceptedVariants() {
    return Stream.of(
        Arguments.of("Connection: keep-alive, Upgrade", Head.valid().set("Connection", "keep-alive, Upgrade")),
        Arguments.of("Connection: Upgrade, keep-alive", Head.valid().set("Connection", "Upgrade, keep-alive")),
        Arguments.of("Connection over two lines", Head.valid().set("Connection", "keep-alive")
            .with("Connection: upgrade")),
        Arguments.of("connection: UPGRADE (mixed-case name and token)", Head.valid().without("Connection")
            .with("connection: UPGRADE")),
        Arguments.of("Upgrade: WebSocket", Head.valid().set("Upgrade", "WebSocket")),
        Arguments.of("UPGRADE: WEBSOCKET", Head.valid().without("Upgrade").with("UPGRADE: WEBSOCKET")),
        Arguments.of("Upgrade list with websocket", Head.valid().set("Upgrade", "foo/2, websocket")),
        Arguments.of("extra whitespace around values", Head.valid().set("Connection", "  Upgrade \t")
            .set("Sec-WebSocket-Key", "  " + KEY + " ")),
        Arguments.of("allowed origin", Head.valid(GUARDED).with("Origin: " + GOOD_ORIGIN)),
        Arguments.of("allowed origin, other case", Head.valid(GUARDED).with("Origin: HTTPS://GOOD.EXAMPLE")),
        Arguments.of("no Origin on a guarded route (non-browser client)", Head.valid(GUARDED)),
        Arguments.of("query string", Head.valid("/echo?a=1&b=2")),
        Arguments.of("absolute-form target", Head.valid("ws://127.0.0.1/echo")),
        Arguments.of("HTTP/1.1 header order shuffled", new Head("GET /echo HTTP/1.1", List.of(
            "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + KEY, "Connection: Upgrade",
            "Upgrade: websocket", "Host: 127.0.0.1"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedVariants")
  void validVariantsAreAcceptedAndEcho(String label, Head head) throws IOException {
    try (RawClient client = RawClient.connect(port)) {
      client.write(head.wire());
      HttpResponse response = client.readHttpResponse();
      assertSwitchingProtocols(response, KEY);
      client.sendText(label);
      assertEcho(client, RawClient.OP_TEXT, utf8(label));
    }
  }

  @Test
  void acceptKeyOfTheRfcExample() throws IOException {
    try (RawClient client = RawClient.connect(port)) {
      client.write(Head.valid().wire());
      HttpResponse response = client.readHttpResponse();
      assertEquals(101, response.status());
      // RFC 6455 §1.3: key "dGhlIHNhbXBsZSBub25jZQ==" gives this accept value.
      assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", response.headers().get("sec-websocket-accept"));
    }
  }

  @ParameterizedTest(name = "random key seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void acceptKeyIsSha1OfKeyAndGuid(long seed) throws Exception {
    byte[] nonce = new byte[16];
    new Random(seed).nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    try (RawClient client = RawClient.connect(port)) {
      client.write(Head.valid().set("Sec-WebSocket-Key", key).wire());
      assertSwitchingProtocols(client.readHttpResponse(), key);
    }
  }

  static Stream<Arguments> subprotocolOffers() {
    return Stream.of(
        Arguments.of("echo.v1", "echo.v1"),
        Arguments.of("chat, echo.v2", "echo.v2"),
        Arguments.of("echo.v2, echo.v1", "echo.v2"),
        Arguments.of("echo.v1,echo.v2", "echo.v1"),
        Arguments.of("unknown", null),
        Arguments.of("ECHO.V1", null),
        Arguments.of("", null));
  }

  @ParameterizedTest(name = "offer \"{0}\" -> {1}")
  @MethodSource("subprotocolOffers")
  void subprotocolSelectionIsVisibleInThe101(String offer, String selected) throws IOException {
    Head head = offer.isEmpty() ? Head.valid() : Head.valid().with("Sec-WebSocket-Protocol: " + offer);
    try (RawClient client = RawClient.connect(port)) {
      client.write(head.wire());
      HttpResponse response = client.readHttpResponse();
      assertSwitchingProtocols(response, KEY);
      if (selected == null) {
        assertNull(response.headers().get("sec-websocket-protocol"),
            "no Sec-WebSocket-Protocol when nothing offered matches (RFC 6455 §4.2.2)");
      } else {
        assertEquals(selected, response.headers().get("sec-websocket-protocol"));
      }
      client.sendText("sp");
      assertEcho(client, RawClient.OP_TEXT, utf8("sp"));
    }
  }

  @Test
  void subprotocolOverTwoHeaderLines() throws IOException {
    try (RawClient client = RawClient.connect(port)) {
      client.write(Head.valid().with("Sec-WebSocket-Protocol: chat").with("Sec-WebSocket-Protocol: echo.v2").wire());
      HttpResponse response = client.readHttpResponse();
      assertSwitchingProtocols(response, KEY);
      assertEquals("echo.v2", response.headers().get("sec-websocket-protocol"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "permessage-deflate",
      "permessage-deflate; client_max_window_bits",
      "permessage-deflate; server_no_context_takeover; client_no_context_takeover, x-webkit-deflate-frame"})
  void permessageDeflateOfferIsNotAccepted(String offer) throws IOException {
    try (RawClient client = RawClient.connect(port)) {
      client.write(Head.valid().with("Sec-WebSocket-Extensions: " + offer).wire());
      HttpResponse response = client.readHttpResponse();
      assertSwitchingProtocols(response, KEY);
      assertNull(response.headers().get("sec-websocket-extensions"), "no extension is negotiated");
      client.sendText("plain");
      assertEcho(client, RawClient.OP_TEXT, utf8("plain"));
      // Not negotiated, so RSV1 (the compression bit) is still a protocol error.
      client.write(client.frame(true, 0b100, RawClient.OP_TEXT, utf8("compressed?")));
      assertFailsWith(client, 1002);
    }
  }

  private static void assertSwitchingProtocols(HttpResponse response, String key) {
    assertEquals(101, response.status(), response.statusLine() + " " + response.body());
    assertTrue(response.statusLine().startsWith("HTTP/1.1 101"), response.statusLine());
    assertEquals("websocket", response.headers().get("upgrade").toLowerCase(Locale.ROOT));
    assertTrue(response.headers().get("connection").toLowerCase(Locale.ROOT).contains("upgrade"));
    assertEquals(expectedAccept(key), response.headers().get("sec-websocket-accept"));
  }

  /** Computed here independently of the server's AcceptKey (RFC 6455 §4.2.2 step 5.4). */
  private static String expectedAccept(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest = sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- handshake timeout -----------------------------------------------------------------------

  /** Slack for the sweeper tick (timeout / 4) and scheduling. */
  private static final long TIMEOUT_SLACK_MS = 700;

  @Test
  void silentClientIsDroppedAfterHandshakeTimeout() throws IOException {
    try (RawClient client = RawClient.connect(timeoutPort)) {
      client.setTimeout((int) (HANDSHAKE_TIMEOUT_MS + TIMEOUT_SLACK_MS + 1000));
      long start = System.nanoTime();
      assertTrue(client.serverClosedTcp(), "silent client still connected");
      assertTimedOutAfter(start);
    }
    assertStillServing(timeoutPort);
  }

  @Test
  void clientSendingHalfAHeadIsDroppedAfterHandshakeTimeout() throws IOException {
    try (RawClient client = RawClient.connect(timeoutPort)) {
      client.setTimeout((int) (HANDSHAKE_TIMEOUT_MS + TIMEOUT_SLACK_MS + 1000));
      long start = System.nanoTime();
      String head = Head.valid().wire();
      client.write(head.substring(0, head.length() / 2));
      assertTrue(client.serverClosedTcp(), "client with half a head still connected");
      assertTimedOutAfter(start);
    }
    assertStillServing(timeoutPort);
  }

  @Test
  void clientDribblingTheHeadIsDroppedAfterHandshakeTimeout() throws IOException {
    // Slowloris: one byte every 50 ms. Activity must not extend the handshake deadline.
    byte[] head = Head.valid().wire().getBytes(StandardCharsets.ISO_8859_1);
    try (RawClient client = RawClient.connect(timeoutPort)) {
      client.setTimeout(50);
      long start = System.nanoTime();
      boolean closed = false;
      for (int i = 0; i < head.length - 1 && !closed; i++) {
        try {
          client.write(new byte[] {head[i]});
        } catch (IOException reset) {
          closed = true;
          break;
        }
        closed = client.serverClosedTcp();
        if ((System.nanoTime() - start) / 1_000_000 > HANDSHAKE_TIMEOUT_MS + TIMEOUT_SLACK_MS + 1000) {
          break;
        }
      }
      assertTrue(closed, "dribbling client still connected");
      assertTimedOutAfter(start);
    }
    assertStillServing(timeoutPort);
  }

  @Test
  void completedHandshakeIsNotSubjectToTheHandshakeTimeout() throws Exception {
    try (RawClient client = RawClient.open(timeoutPort, ECHO)) {
      Thread.sleep(HANDSHAKE_TIMEOUT_MS * 2);
      client.sendText("after");
      assertEcho(client, RawClient.OP_TEXT, utf8("after"));
    }
  }

  private static void assertTimedOutAfter(long startNanos) {
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    assertTrue(millis >= HANDSHAKE_TIMEOUT_MS - 50, "dropped after " + millis + " ms, before the timeout");
    assertTrue(millis <= HANDSHAKE_TIMEOUT_MS + TIMEOUT_SLACK_MS, "dropped only after " + millis + " ms");
  }
}
