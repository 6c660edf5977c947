package io.wsgate.gateway.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.Jazzer;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.config.AuthMode;
import io.wsgate.gateway.routing.Route;
import io.wsgate.gateway.routing.RouteTable;
import io.wsgate.gateway.testing.Pieces;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fuzzes the opening handshake: {@link HandshakeParser} on raw bytes, then
 * {@link HandshakeValidator} on what it parses, as {@code Connection} chains them. (Token checks,
 * the 401s, come after the validator in {@code Authenticator} and are not driven here.)
 *
 * <p>Without {@code JAZZER_FUZZ} this is a regression test over the committed seeds under
 * {@code src/test/resources/io/wsgate/gateway/handshake/HandshakeFuzzTestInputs/handshake/}
 * (see {@code HandshakeSeeds}); with it, Jazzer mutates them (docs/security.md, "Fuzzing").
 *
 * <p>Invariants, for every input and two head limits (the configurable minimum, 256, and the
 * default, 8192):
 * <ul>
 *   <li>the only exception is a {@link HandshakeException} whose status is one the gateway
 *       documents (400, 403, 404, 405, 426, 431), and its rejection response is well-formed;
 *   <li>every input ends in a request, a need-more-bytes state (no CRLF CRLF yet and within the
 *       limit), or such a rejection; a request's head ends at the first CRLF CRLF and the rest of
 *       the bytes is the remainder, exactly;
 *   <li>an accepted upgrade is a GET to a route with the Sec-WebSocket-Accept of its key;
 *   <li>the outcome does not depend on how the bytes were split across feeds;
 *   <li>a finished parser refuses further input (IllegalStateException, as documented).
 * </ul>
 */
class HandshakeFuzzTest {

  static final int MIN_LIMIT = 256;
  static final int DEFAULT_LIMIT = 8192;
  private static final Set<Integer> STATUSES = Set.of(400, 403, 404, 405, 426, 431);
  private static final byte[] TERMINATOR = {'\r', '\n', '\r', '\n'};
  private static final Pattern HTTP_VERSION = Pattern.compile("HTTP/[0-9]\\.[0-9]");
  private static final Pattern HTTP_1_1_OR_LATER = Pattern.compile("HTTP/1\\.[1-9]");

  static final RouteTable ROUTES = new RouteTable(List.of(
      new Route("echo", "/echo", "echo", List.of("chat", "superchat"), List.of(), 1, new JsonObject(), AuthMode.OFF),
      new Route("locked", "/locked", "echo", List.of(), List.of("https://good.example"), 1, new JsonObject(),
          AuthMode.OFF)));

  /**
   * Where one run over the input ended: a rejection (with the request if the parser got that far),
   * an upgrade, or nothing yet (need more bytes).
   */
  private record Outcome(HandshakeRequest request, HandshakeException error, Upgrade upgrade) {

    Integer status() {
      return error == null ? null : error.status();
    }

    String reason() {
      return error == null ? null : error.reason();
    }
  }

  @FuzzTest(maxDuration = "5m")
  // No CR, LF, TAB or DEL in entries: Jazzer 0.30 writes those into the libFuzzer dictionary
  // unescaped, which fails the run ("ParseDictionaryFile: error"). The seeds carry plenty of CRLF.
  @DictionaryEntries({"GET ", " HTTP/1.1", "HTTP/1.0", ": ", "Host: ",
      "Upgrade: websocket", "Connection: Upgrade", "Connection: keep-alive, Upgrade",
      "Sec-WebSocket-Key: ", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
      "Origin: ", "https://good.example", "Sec-WebSocket-Protocol: ", "chat", "superchat",
      "/echo", "/locked", "/echo?x=1", "ws://h/echo", "http://", "#", "\u0000"})
  void handshake(byte[] data) {
    for (int limit : new int[] {MIN_LIMIT, DEFAULT_LIMIT}) {
      Outcome whole = run(data, List.of(Buffer.buffer(data)), limit);
      check(data, limit, whole);
      // Each distinct verdict is new ground for the fuzzer, even when it adds no code coverage:
      // the validator's rejections are throw sites that edge coverage does not tell apart.
      Jazzer.exploreState((byte) verdict(whole).hashCode(), limit);
      assertSame(data, whole, run(data, Pieces.oneByteEach(data, 0), limit), "one byte per feed");
      assertSame(data, whole, run(data, Pieces.random(data, 0, 64), limit), "random pieces");
    }
  }

  private static String verdict(Outcome o) {
    if (o.error() != null) {
      return o.status() + " " + o.reason();
    }
    return o.upgrade() != null ? "101 " + o.upgrade().route().name() + " " + o.upgrade().subprotocol() : "need more";
  }

  /** Feeds the pieces in order until the parser finishes, then validates what it parsed. */
  private static Outcome run(byte[] data, List<Buffer> pieces, int limit) {
    HandshakeParser parser = new HandshakeParser(limit);
    HandshakeRequest request = null;
    int fed = 0;
    int i = 0;
    try {
      for (; i < pieces.size() && request == null; i++) {
        request = parser.feed(pieces.get(i));
        fed += pieces.get(i).length();
      }
    } catch (HandshakeException e) {
      assertFinished(parser);
      assertTrue(e.status() == 400 || e.status() == 431, () -> "parser status " + e.status());
      return new Outcome(null, e, null);
    } catch (RuntimeException e) {
      throw new AssertionError("undocumented exception from HandshakeParser.feed", e);
    }
    if (request == null) {
      return new Outcome(null, null, null);
    }
    assertFinished(parser);
    byte[] remainder = parser.remainder().getBytes();
    // The remainder is what the last feed carried past the head: those bytes go to the frame parser.
    int headEnd = indexOf(data, TERMINATOR) + TERMINATOR.length;
    assertArrayEquals(Arrays.copyOfRange(data, headEnd, fed), remainder, "remainder");
    try {
      return new Outcome(request, null, HandshakeValidator.validate(request, ROUTES));
    } catch (HandshakeException e) {
      return new Outcome(request, e, null);
    } catch (RuntimeException e) {
      throw new AssertionError("undocumented exception from HandshakeValidator.validate", e);
    }
  }

  private static void assertFinished(HandshakeParser parser) {
    assertThrows(IllegalStateException.class, () -> parser.feed(Buffer.buffer("x")), "feed after the end");
  }

  private static void check(byte[] data, int limit, Outcome o) {
    int terminator = indexOf(data, TERMINATOR);
    if (o.status() != null) {
      assertTrue(STATUSES.contains(o.status()), () -> "undocumented status " + o.status());
      checkRejection(o.error());
      if (o.status() == 431) {
        assertTrue(data.length > limit, "431 within the limit");
        assertTrue(terminator < 0 || terminator + TERMINATOR.length > limit, "431 although the head fits");
      }
    }
    if (o.request() == null && o.status() == null) {
      // Need more bytes: no complete head yet, and not over the limit.
      assertTrue(terminator < 0, "complete head left unparsed");
      assertTrue(data.length <= limit, "over the limit but still waiting");
    }
    if (o.request() != null) {
      assertTrue(terminator + TERMINATOR.length <= limit, "head over the limit accepted");
      checkRequest(o.request());
    }
    if (o.upgrade() != null) {
      checkUpgrade(o.request(), o.upgrade());
    }
  }

  /** A parsed request holds only what the grammar allows: no CR, LF or other controls anywhere. */
  private static void checkRequest(HandshakeRequest r) {
    assertTrue(HttpSyntax.isToken(r.method()), "method");
    assertFalse(r.target().isEmpty(), "empty target");
    assertTrue(r.target().chars().allMatch(c -> c > ' ' && c < 0x7F), "target character");
    assertTrue(r.path().startsWith("/"), () -> "path " + r.path());
    assertTrue(HTTP_VERSION.matcher(r.version()).matches(), () -> "version " + r.version());
    for (HandshakeRequest.Header h : r.headers()) {
      assertTrue(HttpSyntax.isToken(h.name()), () -> "header name " + h.name());
      assertEquals(HttpSyntax.trimOws(h.value()), h.value(), "value not trimmed");
      assertTrue(h.value().chars().allMatch(c -> c == '\t' || (c >= ' ' && c != 0x7F)), "value character");
    }
  }

  private static void checkUpgrade(HandshakeRequest r, Upgrade u) {
    assertEquals("GET", r.method());
    assertTrue(HTTP_1_1_OR_LATER.matcher(r.version()).matches(), "version");
    assertEquals(u.route(), ROUTES.find(r.path()), "route");
    assertEquals(1, r.headerCount("Host"), "Host");
    assertEquals(List.of("13"), r.headers("Sec-WebSocket-Version"), "version header");
    List<String> keys = r.headers("Sec-WebSocket-Key");
    assertEquals(1, keys.size(), "key count");
    String key = HttpSyntax.trimOws(keys.get(0));
    assertEquals(16, java.util.Base64.getDecoder().decode(key).length, "key length");
    assertEquals(AcceptKey.compute(key), u.acceptKey(), "accept key");
    if (u.subprotocol() != null) {
      assertTrue(u.route().subprotocols().contains(u.subprotocol()), "subprotocol not spoken by the route");
      assertTrue(HttpSyntax.listElements(r.headers("Sec-WebSocket-Protocol")).contains(u.subprotocol()),
          "subprotocol not offered");
    }
    assertTrue(u.route().allowsOrigin(r.header("Origin")), "origin");
    // The 101 echoes client input only through the subprotocol, which must be one of ours.
    String response = HandshakeResponses.switchingProtocols(u.acceptKey(), u.subprotocol())
        .toString(StandardCharsets.ISO_8859_1);
    assertEquals(response.length() - 4, response.indexOf("\r\n\r\n"), "101 head");
  }

  /** The rejection response: one head (no injected lines), a body of Content-Length bytes. */
  private static void checkRejection(HandshakeException e) {
    int status = e.status();
    String reason = e.reason();
    assertNotNull(reason);
    assertFalse(reason.contains("\r") || reason.contains("\n"), "reason spans lines");
    if (status == 405) {
      assertEquals("GET", e.extraHeaders().get("Allow"), "405 without Allow");
    }
    if (status == 426) {
      assertEquals("websocket", e.extraHeaders().get("Upgrade"), "426 without Upgrade");
      assertEquals("13", e.extraHeaders().get("Sec-WebSocket-Version"), "426 without the version");
    }
    byte[] response = HandshakeResponses.rejection(e).getBytes();
    int headEnd = indexOf(response, TERMINATOR);
    assertTrue(headEnd > 0, "rejection has no head");
    String head = new String(response, 0, headEnd, StandardCharsets.ISO_8859_1);
    assertTrue(head.startsWith("HTTP/1.1 " + status + " "), head);
    String length = head.lines().filter(l -> l.startsWith("Content-Length: ")).findFirst()
        .orElseGet(() -> fail("no Content-Length"));
    assertEquals(response.length - headEnd - TERMINATOR.length,
        Integer.parseInt(length.substring("Content-Length: ".length())), "Content-Length");
  }

  private static void assertSame(byte[] data, Outcome expected, Outcome actual, String how) {
    String context = how + " (" + data.length + " bytes)";
    assertEquals(expected.status(), actual.status(), context + ": status");
    assertEquals(expected.reason(), actual.reason(), context + ": reason");
    assertEquals(expected.request(), actual.request(), context + ": request");
    assertEquals(expected.upgrade(), actual.upgrade(), context + ": upgrade");
  }

  static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
