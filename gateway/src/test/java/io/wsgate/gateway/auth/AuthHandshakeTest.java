package io.wsgate.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.server.ScriptedRouter;
import io.wsgate.gateway.testing.Bytes;
import io.wsgate.gateway.testing.Jwt;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.RawClient.HttpResponse;
import io.wsgate.gateway.testing.TestGateway;
import io.wsgate.gateway.testing.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JWT authentication in the handshake, over raw sockets against an in-process gateway: every key
 * kind and token source, the exact 401, and the tokens that must not pass.
 */
@ExtendWith(VertxExtension.class)
class AuthHandshakeTest {

  private static final String SECURE = "/secure";
  private static final String MAYBE = "/maybe";
  private static final String ROOMS = "/rooms";
  private static final String JWKS_KID = "jwks-rsa";
  private static final KeyPair RSA = TestKeys.rsa();
  private static final KeyPair EC = TestKeys.p256();
  private static final KeyPair JWKS_RSA = TestKeys.rsa();
  private static final KeyPair JWKS_EC = TestKeys.p256();
  private static final KeyPair STRANGER = TestKeys.rsa();
  private static final String EXACT_401 = "HTTP/1.1 401 Unauthorized\r\n"
      + "Content-Type: text/plain; charset=utf-8\r\n"
      + "Content-Length: 25\r\n"
      + "Connection: close\r\n"
      + "WWW-Authenticate: Bearer\r\n"
      + "\r\n"
      + "invalid or missing token\n";

  private static Gateway gateway;
  /** Clock skew 0, issuer and audience checked, tokens only from the "session" cookie. */
  private static Gateway strict;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    Path dir = Files.createTempDirectory("wsgate-auth");
    Path rsaPem = Files.writeString(dir.resolve("rs256.pem"), TestKeys.publicPem(RSA));
    Path jwks = Files.writeString(dir.resolve("jwks.json"),
        TestKeys.jwks(TestKeys.jwk(JWKS_RSA, JWKS_KID), TestKeys.jwk(JWKS_EC, "jwks-ec")).encode());
    JsonObject config = TestGateway.config();
    config.put("auth", new JsonObject()
        .put("keys", new JsonArray()
            .add(new JsonObject().put("algorithm", "HS256").put("secret", TestKeys.HS256_SECRET))
            .add(new JsonObject().put("algorithm", "RS256").put("publicKeyPath", rsaPem.toString()))
            .add(new JsonObject().put("algorithm", "ES256").put("publicKey", TestKeys.publicPem(EC))))
        .put("jwksPath", jwks.toString()));
    config.getJsonArray("routes")
        .add(route(SECURE, ScriptedRouter.class.getName(), "required"))
        .add(route(MAYBE, ScriptedRouter.class.getName(), "optional"))
        .add(route(ROOMS, "rooms", "required"));
    gateway = TestGateway.start(vertx, config);

    JsonObject strictConfig = TestGateway.config();
    strictConfig.put("auth", new JsonObject()
        .put("keys", new JsonArray().add(new JsonObject().put("algorithm", "HS256").put("secret", TestKeys.HS256_SECRET)))
        .put("issuer", "https://issuer.test").put("audience", new JsonArray().add("wsgate").add("other"))
        .put("clockSkewSeconds", 0).put("tokenSources", new JsonArray().add("cookie")).put("cookieName", "session"));
    // Its own route name: both gateways share one event bus, and route addresses come from names.
    strictConfig.put("routes", new JsonArray());
    strictConfig.getJsonArray("routes").add(route(SECURE, ScriptedRouter.class.getName(), "required").put("name", "strict"));
    strict = TestGateway.start(vertx, strictConfig);
  }

  private static JsonObject route(String path, String router, String auth) {
    return new JsonObject().put("path", path).put("router", router).put("auth", auth);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static String hs256(JsonObject claims) {
    return Jwt.hs256(TestKeys.HS256_SECRET, claims);
  }

  private static String bearer(String token) {
    return "Authorization: Bearer " + token + "\r\n";
  }

  /** Handshake with these extra header lines on {@code target}; the response head and body. */
  private static HttpResponse handshake(Gateway on, String target, String headers) throws IOException {
    try (RawClient client = RawClient.connect(on.webSocketPort())) {
      client.write(RawClient.upgradeRequest(target, headers));
      return client.readHttpResponse();
    }
  }

  /** Opens {@code target} (fails unless 101) and returns the open event's headers, one per line. */
  private static String openHeaders(Gateway on, String target, String headers) throws IOException {
    try (RawClient client = RawClient.connect(on.webSocketPort())) {
      client.write(RawClient.upgradeRequest(target, headers));
      HttpResponse response = client.readHttpResponse();
      assertEquals(101, response.status(), () -> response.statusLine() + " " + response.body());
      client.sendText("open?");
      return client.readFrame().text();
    }
  }

  /** The exact bytes of the 401, then the server closes TCP. */
  private static void assert401(Gateway on, String target, String headers) throws IOException {
    try (RawClient client = RawClient.connect(on.webSocketPort())) {
      client.write(RawClient.upgradeRequest(target, headers));
      byte[] response = client.readBytes(EXACT_401.length());
      assertEquals(EXACT_401, new String(response, StandardCharsets.ISO_8859_1));
      assertTrue(client.serverClosedTcp(), "server must close TCP after the 401");
    }
  }

  private static double unauthorizedCount(Gateway on) {
    Counter counter = on.registry().find("wsgate.handshake.failures").tag("status", "401").counter();
    return counter == null ? 0 : counter.count();
  }

  // ---- accepted tokens ---------------------------------------------------------------------------

  @Test
  void hs256TokenOpensAndTheRouterGetsUserAndClaims() throws IOException {
    JsonObject claims = Jwt.claims("alice").put("role", "tester");
    String headers = openHeaders(gateway, SECURE, bearer(hs256(claims)));
    assertTrue(headers.contains("wsgate-auth=required\n"), headers);
    assertTrue(headers.contains("wsgate-user=alice\n"), headers);
    assertTrue(headers.contains("wsgate-claims=" + claims.encode() + "\n"), headers);
  }

  static Stream<Arguments> validTokens() {
    return Stream.of(
        Arguments.of("HS256, inline secret", (Supplier<String>) () -> hs256(Jwt.claims("u1"))),
        Arguments.of("RS256, PEM file", (Supplier<String>) () -> Jwt.rs256(Jwt.claims("u2"), RSA.getPrivate(), null)),
        Arguments.of("ES256, inline PEM", (Supplier<String>) () -> Jwt.es256(Jwt.claims("u3"), EC.getPrivate(), null)),
        Arguments.of("RS256 from the JWKS, by kid", (Supplier<String>) () ->
            Jwt.rs256(Jwt.claims("u4"), JWKS_RSA.getPrivate(), JWKS_KID)),
        Arguments.of("ES256 from the JWKS, by kid", (Supplier<String>) () ->
            Jwt.es256(Jwt.claims("u5"), JWKS_EC.getPrivate(), "jwks-ec")),
        Arguments.of("expired 10 s ago, within the 30 s skew", (Supplier<String>) () ->
            hs256(new JsonObject().put("sub", "u6").put("exp", Jwt.now() - 10))),
        Arguments.of("valid in 10 s, within the 30 s skew", (Supplier<String>) () ->
            hs256(Jwt.claims("u7").put("nbf", Jwt.now() + 10))),
        Arguments.of("no exp at all", (Supplier<String>) () -> hs256(new JsonObject().put("sub", "u8"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validTokens")
  void validTokenOpens(String label, Supplier<String> token) throws IOException {
    String headers = openHeaders(gateway, SECURE, bearer(token.get()));
    assertTrue(headers.contains("wsgate-user=u"), headers);
  }

  @Test
  void tokenInTheQueryOpens() throws IOException {
    String headers = openHeaders(gateway, SECURE + "?x=1&token=" + hs256(Jwt.claims("q")), "");
    assertTrue(headers.contains("wsgate-user=q\n"), headers);
  }

  @Test
  void tokenInTheCookieOpens() throws IOException {
    String headers = openHeaders(gateway, SECURE, "Cookie: theme=dark; wsgate_token=" + hs256(Jwt.claims("c")) + "\r\n");
    assertTrue(headers.contains("wsgate-user=c\n"), headers);
  }

  @Test
  void firstSourceWithATokenWinsAndIsNotFallenBackFrom() throws IOException {
    String header = hs256(Jwt.claims("from-header"));
    String query = hs256(Jwt.claims("from-query"));
    assertTrue(openHeaders(gateway, SECURE + "?token=" + query, bearer(header)).contains("wsgate-user=from-header\n"));
    assertTrue(openHeaders(gateway, SECURE + "?token=" + query, "Cookie: wsgate_token=" + header + "\r\n")
        .contains("wsgate-user=from-query\n"));
    // An invalid token in the first source is a 401 even with a valid one further down.
    assert401(gateway, SECURE + "?token=" + query, bearer("not.a.token"));
  }

  @Test
  void otherAuthorizationSchemesAreNotTokens() throws IOException {
    String headers = openHeaders(gateway, SECURE + "?token=" + hs256(Jwt.claims("q2")), "Authorization: Basic dTpw\r\n");
    assertTrue(headers.contains("wsgate-user=q2\n"), headers);
    assert401(gateway, SECURE, "Authorization: Basic dTpw\r\n");
  }

  // ---- rejected tokens -------------------------------------------------------------------------

  static Stream<Arguments> rejectedHandshakes() {
    String rsaAsSecret = TestKeys.publicPem(RSA);
    return Stream.of(
        Arguments.of("no token", (Supplier<String>) () -> ""),
        Arguments.of("expired beyond the skew", (Supplier<String>) () ->
            bearer(hs256(new JsonObject().put("sub", "x").put("exp", Jwt.now() - 60)))),
        Arguments.of("not valid before a time beyond the skew", (Supplier<String>) () ->
            bearer(hs256(Jwt.claims("x").put("nbf", Jwt.now() + 60)))),
        Arguments.of("issued in the future beyond the skew", (Supplier<String>) () ->
            bearer(hs256(Jwt.claims("x").put("iat", Jwt.now() + 60)))),
        Arguments.of("HS256 with another secret", (Supplier<String>) () ->
            bearer(Jwt.hs256("another-secret-of-thirty-two-byte", Jwt.claims("x")))),
        Arguments.of("RS256 signed by an unknown key", (Supplier<String>) () ->
            bearer(Jwt.rs256(Jwt.claims("x"), STRANGER.getPrivate(), null))),
        Arguments.of("RS256 signed by an unknown key, known kid", (Supplier<String>) () ->
            bearer(Jwt.rs256(Jwt.claims("x"), STRANGER.getPrivate(), JWKS_KID))),
        Arguments.of("payload changed after signing", (Supplier<String>) () -> {
          String[] parts = hs256(Jwt.claims("x")).split("\\.");
          String forged = java.util.Base64.getUrlEncoder().withoutPadding()
              .encodeToString(Jwt.claims("admin").encode().getBytes(StandardCharsets.UTF_8));
          return bearer(parts[0] + "." + forged + "." + parts[2]);
        }),
        Arguments.of("alg none, no signature", (Supplier<String>) () -> bearer(Jwt.none(Jwt.claims("x")))),
        Arguments.of("alg none, signature part dropped", (Supplier<String>) () -> {
          String none = Jwt.none(Jwt.claims("x"));
          return bearer(none.substring(0, none.length() - 1));
        }),
        Arguments.of("alg none with an HS256 signature", (Supplier<String>) () ->
            bearer(Jwt.hs256(Jwt.header("none", null), Jwt.claims("x"), TestKeys.HS256_SECRET.getBytes(StandardCharsets.UTF_8)))),
        Arguments.of("HS256 signed with the RS256 public key as secret", (Supplier<String>) () ->
            bearer(Jwt.hs256(Jwt.claims("x"), rsaAsSecret.getBytes(StandardCharsets.US_ASCII)))),
        Arguments.of("ES256 signature under an RS256 header", (Supplier<String>) () -> {
          String[] parts = Jwt.es256(Jwt.claims("x"), EC.getPrivate(), null).split("\\.");
          String header = java.util.Base64.getUrlEncoder().withoutPadding()
              .encodeToString(Jwt.header("RS256", null).encode().getBytes(StandardCharsets.UTF_8));
          return bearer(header + "." + parts[1] + "." + parts[2]);
        }),
        Arguments.of("no sub", (Supplier<String>) () -> bearer(hs256(new JsonObject().put("exp", Jwt.now() + 60)))),
        Arguments.of("sub not a string", (Supplier<String>) () -> bearer(hs256(Jwt.claims("x").put("sub", 42)))),
        Arguments.of("garbage", (Supplier<String>) () -> bearer("abc")),
        Arguments.of("empty bearer", (Supplier<String>) () -> "Authorization: Bearer \r\n"),
        Arguments.of("two Authorization headers", (Supplier<String>) () ->
            bearer(hs256(Jwt.claims("x"))) + bearer(hs256(Jwt.claims("y")))),
        Arguments.of("two token cookies", (Supplier<String>) () ->
            "Cookie: wsgate_token=" + hs256(Jwt.claims("x")) + "; wsgate_token=" + hs256(Jwt.claims("y")) + "\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedHandshakes")
  void badOrMissingTokenGetsTheExact401AndIsCounted(String label, Supplier<String> headers) throws IOException {
    double before = unauthorizedCount(gateway);
    assert401(gateway, SECURE, headers.get());
    assertEquals(before + 1, unauthorizedCount(gateway), "wsgate_handshake_failures_total{status=\"401\"}");
  }

  @Test
  void twoTokenParametersAreRefused() throws IOException {
    String token = hs256(Jwt.claims("x"));
    assert401(gateway, SECURE + "?token=" + token + "&token=" + token, "");
  }

  // ---- optional and off ------------------------------------------------------------------------

  @Test
  void optionalRouteWithoutTokenOpensAnonymously() throws IOException {
    String headers = openHeaders(gateway, MAYBE, "");
    assertTrue(headers.contains("wsgate-auth=optional\n"), headers);
    assertFalse(headers.contains("wsgate-user="), headers);
    assertFalse(headers.contains("wsgate-claims="), headers);
  }

  @Test
  void optionalRouteWithAValidTokenHasTheUser() throws IOException {
    assertTrue(openHeaders(gateway, MAYBE, bearer(hs256(Jwt.claims("opt")))).contains("wsgate-user=opt\n"));
  }

  @Test
  void optionalRouteWithAnInvalidTokenIsStillA401() throws IOException {
    assert401(gateway, MAYBE, bearer(Jwt.none(Jwt.claims("x"))));
  }

  @Test
  void routeWithAuthOffLooksAtNoTokenAndSendsNoIdentity() throws IOException {
    try (RawClient client = RawClient.connect(gateway.webSocketPort())) {
      client.write(RawClient.upgradeRequest("/echo", bearer("not.a.token")));
      assertEquals(101, client.readHttpResponse().status());
      client.sendText("hi");
      assertEquals("hi", client.readFrame().text());
    }
  }

  // ---- ordering, identity in rooms -------------------------------------------------------------

  @Test
  void framesSentWithTheRequestArriveAfterThe101() throws IOException {
    try (RawClient client = RawClient.connect(gateway.webSocketPort())) {
      byte[] request = RawClient.upgradeRequest(SECURE, bearer(hs256(Jwt.claims("early"))))
          .getBytes(StandardCharsets.ISO_8859_1);
      byte[] first = client.frame(true, 0, RawClient.OP_TEXT, "one".getBytes(StandardCharsets.UTF_8));
      byte[] second = client.frame(true, 0, RawClient.OP_TEXT, "two".getBytes(StandardCharsets.UTF_8));
      client.write(Bytes.concat(request, first));
      client.write(second);
      assertEquals(101, client.readHttpResponse().status());
      assertEquals("one", client.readFrame().text());
      assertEquals("two", client.readFrame().text());
    }
  }

  @Test
  void roomsUserComesFromTheTokenNotTheQuery() throws IOException {
    JsonObject claims = Jwt.claims("alice").put("rooms", new JsonObject().put("join", new JsonArray().add("lobby")));
    try (RawClient client = RawClient.connect(gateway.webSocketPort())) {
      client.write(RawClient.upgradeRequest(ROOMS + "?user=mallory", bearer(hs256(claims))));
      assertEquals(101, client.readHttpResponse().status());
      client.sendText("{\"op\":\"join\",\"room\":\"lobby\"}");
      assertEquals(new JsonObject().put("op", "joined").put("room", "lobby").put("users", new JsonArray().add("alice")),
          new JsonObject(client.readFrame().text()));
    }
  }

  // ---- issuer, audience, no skew, cookie-only --------------------------------------------------

  private static String cookie(JsonObject claims) {
    return "Cookie: session=" + hs256(claims) + "\r\n";
  }

  private static JsonObject issued(String sub) {
    return Jwt.claims(sub).put("iss", "https://issuer.test").put("aud", new JsonArray().add("wsgate"));
  }

  @Test
  void issuerAndAudienceAreChecked() throws IOException {
    assertTrue(openHeaders(strict, SECURE, cookie(issued("ok"))).contains("wsgate-user=ok\n"));
    assertTrue(openHeaders(strict, SECURE, cookie(issued("ok2").put("aud", "other"))).contains("wsgate-user=ok2\n"));
    assert401(strict, SECURE, cookie(issued("x").put("iss", "https://evil.test")));
    assert401(strict, SECURE, cookie(issued("x").put("aud", "someone-else")));
    JsonObject noIssuer = issued("x");
    noIssuer.remove("iss");
    assert401(strict, SECURE, cookie(noIssuer));
  }

  @Test
  void withoutSkewTheTimesAreExact() throws IOException {
    assert401(strict, SECURE, cookie(issued("x").put("exp", Jwt.now() - 10)));
    assert401(strict, SECURE, cookie(issued("x").put("nbf", Jwt.now() + 10)));
  }

  @Test
  void onlyTheConfiguredSourcesAndCookieNameAreRead() throws IOException {
    String token = hs256(issued("x"));
    assert401(strict, SECURE, bearer(token));
    assert401(strict, SECURE + "?token=" + token, "");
    assert401(strict, SECURE, "Cookie: wsgate_token=" + token + "\r\n");
    assertTrue(openHeaders(strict, SECURE, "Cookie: session=\"" + token + "\"\r\n").contains("wsgate-user=x\n"));
  }

  @Test
  void unauthorizedFailuresAreCountedPerGateway() throws IOException {
    Map<Gateway, Double> before = Map.of(strict, unauthorizedCount(strict));
    assert401(strict, SECURE, "");
    assertEquals(before.get(strict) + 1, unauthorizedCount(strict));
  }
}
