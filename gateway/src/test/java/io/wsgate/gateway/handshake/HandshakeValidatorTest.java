package io.wsgate.gateway.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.config.AuthMode;
import io.wsgate.gateway.routing.Route;
import io.wsgate.gateway.routing.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeValidatorTest {

  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

  private static final Route ECHO =
      new Route("echo", "/echo", "echo", List.of("a", "b"), List.of(), 1, new JsonObject(), AuthMode.OFF);
  private static final Route LOCKED = new Route("locked", "/locked", "echo", List.of(),
      List.of("https://good.example"), 1, new JsonObject(), AuthMode.OFF);
  private static final RouteTable ROUTES = new RouteTable(List.of(ECHO, LOCKED));

  /** A valid request to build variations from: headers can be removed, replaced or added. */
  private static final class Req {
    String method = "GET";
    String target = "/echo";
    String version = "HTTP/1.1";
    final List<HandshakeRequest.Header> headers = new ArrayList<>(List.of(
        h("Host", "server.example.com"),
        h("Upgrade", "websocket"),
        h("Connection", "Upgrade"),
        h("Sec-WebSocket-Key", KEY),
        h("Sec-WebSocket-Version", "13")));

    Req without(String name) {
      headers.removeIf(x -> x.name().equalsIgnoreCase(name));
      return this;
    }

    Req with(String name, String value) {
      headers.add(h(name, value));
      return this;
    }

    Req set(String name, String value) {
      return without(name).with(name, value);
    }

    HandshakeRequest build() {
      int q = target.indexOf('?');
      return new HandshakeRequest(method, target, q < 0 ? target : target.substring(0, q),
          q < 0 ? null : target.substring(q + 1), version, headers);
    }
  }

  private static HandshakeRequest.Header h(String name, String value) {
    return new HandshakeRequest.Header(name, value);
  }

  private static Req req() {
    return new Req();
  }

  private static Upgrade accept(Req r) throws HandshakeException {
    return HandshakeValidator.validate(r.build(), ROUTES);
  }

  private static HandshakeException reject(Req r) {
    return assertThrows(HandshakeException.class, () -> accept(r));
  }

  @Test
  void validRequestIsAcceptedWithRouteAndAcceptKey() throws Exception {
    Upgrade up = accept(req());
    assertSame(ECHO, up.route());
    assertEquals(ACCEPT, up.acceptKey());
    assertNull(up.subprotocol());
  }

  @Test
  void queryDoesNotAffectRouting() throws Exception {
    Req r = req();
    r.target = "/echo?x=1";
    assertSame(ECHO, accept(r).route());
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/1.0", "HTTP/0.9", "HTTP/2.0"})
  void versionBelowOrAboveHttp1_1Is400(String version) {
    Req r = req();
    r.version = version;
    assertEquals(400, reject(r).status());
  }

  @Test
  void laterHttp1MinorVersionIsAccepted() throws Exception {
    Req r = req();
    r.version = "HTTP/1.2";
    assertSame(ECHO, accept(r).route());
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "HEAD", "get", "OPTIONS"})
  void nonGetMethodIs405WithAllowGet(String method) {
    Req r = req();
    r.method = method;
    HandshakeException e = reject(r);
    assertEquals(405, e.status());
    assertEquals(Map.of("Allow", "GET"), e.extraHeaders());
  }

  @Test
  void unknownPathIs404() {
    Req r = req();
    r.target = "/nope";
    assertEquals(404, reject(r).status());
  }

  @Test
  void routeMatchIsExactSoTrailingSlashIs404() {
    Req r = req();
    r.target = "/echo/";
    assertEquals(404, reject(r).status());
  }

  @Test
  void methodIsCheckedBeforeRoute() {
    Req r = req();
    r.method = "POST";
    r.target = "/nope";
    assertEquals(405, reject(r).status());
  }

  @Test
  void missingHostIs400() {
    assertEquals(400, reject(req().without("Host")).status());
  }

  @Test
  void repeatedHostIs400() {
    assertEquals(400, reject(req().with("host", "other.example")).status());
  }

  @Test
  void missingUpgradeHeaderIs400() {
    assertEquals(400, reject(req().without("Upgrade")).status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2c", "websockets", "web socket", ""})
  void upgradeWithoutWebsocketTokenIs400(String value) {
    assertEquals(400, reject(req().set("Upgrade", value)).status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"WebSocket", "WEBSOCKET", "h2c, websocket", "foo,websocket ,bar"})
  void upgradeTokenIsFoundCaseInsensitivelyInAList(String value) throws Exception {
    assertSame(ECHO, accept(req().set("Upgrade", value)).route());
  }

  @Test
  void upgradeTokenMayBeOnASecondHeaderLine() throws Exception {
    assertSame(ECHO, accept(req().set("Upgrade", "h2c").with("Upgrade", "websocket")).route());
  }

  @Test
  void missingConnectionHeaderIs400() {
    assertEquals(400, reject(req().without("Connection")).status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"keep-alive", "close", "upgraded", "keep-alive upgrade"})
  void connectionWithoutUpgradeTokenIs400(String value) {
    assertEquals(400, reject(req().set("Connection", value)).status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"keep-alive, Upgrade", "upgrade", "UPGRADE", "keep-alive,upgrade"})
  void connectionUpgradeTokenIsFoundCaseInsensitivelyInAList(String value) throws Exception {
    assertSame(ECHO, accept(req().set("Connection", value)).route());
  }

  @Test
  void connectionUpgradeTokenMayBeOnASecondHeaderLine() throws Exception {
    assertSame(ECHO, accept(req().set("Connection", "keep-alive").with("Connection", "Upgrade")).route());
  }

  @Test
  void missingVersionIs400() {
    assertEquals(400, reject(req().without("Sec-WebSocket-Version")).status());
  }

  @Test
  void versionEightGets426WithSupportedVersionHeader() {
    HandshakeException e = reject(req().set("Sec-WebSocket-Version", "8"));
    assertEquals(426, e.status());
    assertEquals("13", e.extraHeaders().get("Sec-WebSocket-Version"));
    assertEquals("websocket", e.extraHeaders().get("Upgrade"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"13, 8", "8, 13", "013", ""})
  void versionNotExactly13Gets426(String value) {
    assertEquals(426, reject(req().set("Sec-WebSocket-Version", value)).status());
  }

  @Test
  void versionRepeatedGets426() {
    assertEquals(426, reject(req().with("Sec-WebSocket-Version", "13")).status());
  }

  @Test
  void missingKeyIs400() {
    assertEquals(400, reject(req().without("Sec-WebSocket-Key")).status());
  }

  @Test
  void repeatedKeyIs400() {
    assertEquals(400, reject(req().with("Sec-WebSocket-Key", KEY)).status());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "AAAAAAAAAAAAAAAAAAAA",          // 15 bytes
      "AAAAAAAAAAAAAAAAAAAAAAA=",      // 17 bytes
      "AAAAAAAAAAAAAAAAAAAAAA",        // 16 bytes without padding
      "AAAAAAAAAAAAAAAAAAAAAA=",       // 16 bytes, short padding
      "AAAAAAAAAAAAAAAAAAAAA*==",      // character outside the alphabet
      "AAAAAAAAAAAAAAAAAAAAA_==",      // URL-safe alphabet
      "AAAAAAAAAAAAAAAAAAAAAB==",      // non-zero trailing bits (not canonical)
      "AAAAAAAA AAAAAAAAAAAAA==",      // inner space
      ""})
  void keyThatIsNotBase64Of16BytesIs400(String key) {
    HandshakeException e = reject(req().set("Sec-WebSocket-Key", key));
    assertEquals(400, e.status());
    assertEquals("Sec-WebSocket-Key must be base64 of 16 bytes (RFC 6455 §4.1)", e.reason());
  }

  @Test
  void keyIsTrimmedBeforeUseInTheAcceptKey() throws Exception {
    assertEquals(ACCEPT, accept(req().set("Sec-WebSocket-Key", " \t" + KEY + " ")).acceptKey());
  }

  @Test
  void anyOriginIsAllowedWhenTheRouteHasNoAllowlist() throws Exception {
    assertSame(ECHO, accept(req().with("Origin", "https://anything.example")).route());
  }

  @Test
  void allowedOriginIsAccepted() throws Exception {
    Req r = req().with("Origin", "HTTPS://GOOD.example");
    r.target = "/locked";
    assertSame(LOCKED, accept(r).route());
  }

  @Test
  void originNotInAllowlistIs403() {
    Req r = req().with("Origin", "https://evil.example");
    r.target = "/locked";
    assertEquals(403, reject(r).status());
  }

  @Test
  void absentOriginIsAllowedEvenWithAllowlist() throws Exception {
    Req r = req();
    r.target = "/locked";
    assertSame(LOCKED, accept(r).route());
  }

  @Test
  void repeatedOriginIs400() {
    Req r = req().with("Origin", "https://evil.example").with("Origin", "https://good.example");
    r.target = "/locked";
    assertEquals(400, reject(r).status());
  }

  @Test
  void clientPreferenceOrderWinsSubprotocolSelection() throws Exception {
    assertEquals("b", accept(req().with("Sec-WebSocket-Protocol", "x, b, a")).subprotocol());
    assertEquals("a", accept(req().with("Sec-WebSocket-Protocol", "a,b")).subprotocol());
  }

  @Test
  void subprotocolsOverSeveralHeaderLinesKeepClientOrder() throws Exception {
    Req r = req().with("Sec-WebSocket-Protocol", "x").with("Sec-WebSocket-Protocol", "b")
        .with("Sec-WebSocket-Protocol", "a");
    assertEquals("b", accept(r).subprotocol());
  }

  @Test
  void noSubprotocolOfferedSelectsNone() throws Exception {
    assertNull(accept(req()).subprotocol());
  }

  @Test
  void noOfferedSubprotocolSupportedSelectsNone() throws Exception {
    assertNull(accept(req().with("Sec-WebSocket-Protocol", "x, y")).subprotocol());
  }

  @Test
  void subprotocolMatchIsCaseSensitive() throws Exception {
    assertNull(accept(req().with("Sec-WebSocket-Protocol", "A, B")).subprotocol());
  }

  @Test
  void routeWithoutSubprotocolsSelectsNone() throws Exception {
    Req r = req().with("Sec-WebSocket-Protocol", "a");
    r.target = "/locked";
    assertNull(accept(r).subprotocol());
  }

  @Test
  void extensionsOfferIsIgnored() throws Exception {
    Upgrade up = accept(req().with("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));
    assertSame(ECHO, up.route());
  }
}
