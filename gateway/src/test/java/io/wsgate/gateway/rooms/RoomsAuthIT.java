package io.wsgate.gateway.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.interop.GatewayProcess;
import io.wsgate.gateway.testing.Jwt;
import io.wsgate.gateway.testing.TestCertificate;
import io.wsgate.gateway.testing.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Authenticated rooms end to end, set up as in production: the fat jar with TLS, RS256 tokens
 * checked for issuer and audience, an Origin allowlist; real JDK WebSocket clients over wss://.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoomsAuthIT {

  private static final String ISSUER = "https://issuer.test";
  private static final String APP_ORIGIN = "https://app.example";
  private static final KeyPair ISSUER_KEY = TestKeys.rsa();

  private static GatewayProcess gateway;
  private static HttpClient http;
  private static URI rooms;

  @RegisterExtension
  static final TestWatcher LOG_ON_FAILURE = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (gateway != null) {
        System.out.println("---- " + context.getDisplayName() + " failed; wsgate log tail (" + gateway.logFile()
            + "):\n" + gateway.logTail(40) + "\n----");
      }
    }
  };

  @BeforeAll
  static void startGateway() throws Exception {
    Path dir = Files.createTempDirectory("wsgate-rooms-auth");
    TestCertificate certificate = TestCertificate.create(dir);
    Path publicKey = Files.writeString(dir.resolve("issuer.pem"), TestKeys.publicPem(ISSUER_KEY));
    JsonObject config = new JsonObject()
        .put("server", new JsonObject().put("tls", new JsonObject()
            .put("certPath", certificate.certPath().toString()).put("keyPath", certificate.keyPath().toString())))
        .put("auth", new JsonObject()
            .put("keys", new JsonArray().add(new JsonObject().put("algorithm", "RS256").put("id", "k1")
                .put("publicKeyPath", publicKey.toString())))
            .put("issuer", ISSUER).put("audience", "wsgate"))
        .put("routes", new JsonArray().add(new JsonObject().put("path", "/rooms").put("router", "rooms")
            .put("auth", "required").put("allowedOrigins", new JsonArray().add(APP_ORIGIN))));
    Path file = Files.writeString(dir.resolve("gateway.json"), config.encodePrettily());
    gateway = GatewayProcess.start("rooms-auth", List.of("--config", file.toString()), Map.of());
    http = HttpClient.newBuilder().sslContext(certificate.clientContext()).connectTimeout(Duration.ofSeconds(10)).build();
    rooms = URI.create("wss://127.0.0.1:" + gateway.port() + "/rooms");
  }

  @AfterAll
  static void stopGateway() {
    if (gateway != null) {
      boolean alive = gateway.isAlive();
      gateway.stop();
      assertTrue(alive, () -> "the gateway died during the tests; log tail:\n" + gateway.logTail(60));
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static String token(String sub, JsonObject rooms) {
    JsonObject claims = Jwt.claims(sub).put("iss", ISSUER).put("aud", "wsgate");
    if (rooms != null) {
      claims.put("rooms", rooms);
    }
    return Jwt.rs256(claims, ISSUER_KEY.getPrivate(), "k1");
  }

  private static JsonObject rooms(JsonArray join, JsonArray publish) {
    return new JsonObject().put("join", join).put("publish", publish);
  }

  private static RoomsClient connect(String label, String token) {
    return RoomsClient.await(RoomsClient.connectWithHeaders(http, rooms, label, "Authorization", "Bearer " + token),
        "connecting " + label);
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  private static void joined(RoomsClient client, String room) {
    client.send(op("join", room));
    client.next("joined");
  }

  /** The handshake fails; returns the HTTP response the JDK client reports. */
  private static java.net.http.HttpResponse<?> refused(URI uri, String... headers) {
    try {
      RoomsClient.connectWithHeaders(http, uri, "refused", headers).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      return assertInstanceOf(WebSocketHandshakeException.class, e.getCause(), e::toString).getResponse();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the handshake succeeded");
  }

  // ---- tests -----------------------------------------------------------------------------------

  @Test
  void roomPermissionsFromTheTokenEndToEnd() {
    String alice = token("alice", rooms(new JsonArray().add("lobby").add("team-*"), new JsonArray().add("lobby")));
    String bob = token("bob", rooms(new JsonArray().add("lobby"), new JsonArray()));
    try (RoomsClient a = connect("alice", alice); RoomsClient b = connect("bob", bob)) {
      joined(a, "lobby");
      joined(b, "lobby");
      assertEquals("bob", a.next("presence").getString("user"));

      a.send(op("publish", "lobby").put("data", "hi"));
      assertEquals("hi", b.next("message").getValue("data"));
      a.next();
      a.next(); // its own message and the published reply, in either order
      b.send(op("publish", "lobby").put("data", "nope"));
      b.nextError("forbidden");

      joined(a, "team-1");
      b.send(op("join", "team-1"));
      b.nextError("forbidden");
      b.send(op("presence", "team-1"));
      b.nextError("forbidden");
      b.send(op("presence", "lobby").put("id", "p"));
      assertEquals(new JsonArray().add("alice").add("bob"), b.next("presence").getJsonArray("users"));
      b.send(new JsonObject().put("op", "rooms"));
      assertEquals(new JsonArray().add(new JsonObject().put("room", "lobby").put("users", 2)),
          b.next("rooms").getJsonArray("rooms"));
    }
  }

  @Test
  void aTokenWithoutRoomsClaimMayNotJoin() {
    try (RoomsClient carol = connect("carol", token("carol", null))) {
      carol.send(op("join", "lobby"));
      carol.nextError("forbidden");
      carol.send(op("presence", "lobby"));
      carol.nextError("forbidden");
    }
  }

  @Test
  void theUserIsTheTokensSubjectNotTheQueryParameter() {
    String dave = token("dave", rooms(new JsonArray().add("dave-room"), new JsonArray()));
    URI spoofed = URI.create(rooms + "?user=mallory");
    try (RoomsClient client = RoomsClient.await(
        RoomsClient.connectWithHeaders(http, spoofed, "dave", "Authorization", "Bearer " + dave), "connecting")) {
      client.send(op("join", "dave-room"));
      assertEquals(new JsonArray().add("dave"), client.next("joined").getJsonArray("users"));
    }
  }

  @Test
  void tokenInTheQueryWorksForBrowsers() {
    String erin = token("erin", rooms(new JsonArray().add("*"), new JsonArray()));
    URI uri = URI.create(rooms + "?token=" + erin);
    try (RoomsClient client = RoomsClient.await(
        RoomsClient.connectWithHeaders(http, uri, "erin", "Origin", APP_ORIGIN), "connecting")) {
      client.send(op("join", "erin-room"));
      assertEquals(new JsonArray().add("erin"), client.next("joined").getJsonArray("users"));
    }
  }

  @Test
  void missingExpiredOrForeignTokensGet401WithABearerChallenge() {
    JsonObject expired = Jwt.claims("x").put("iss", ISSUER).put("aud", "wsgate").put("exp", Jwt.now() - 3600);
    JsonObject wrongAudience = Jwt.claims("x").put("iss", ISSUER).put("aud", "another-service");
    String[][] cases = {
        {},
        {"Authorization", "Bearer " + Jwt.rs256(expired, ISSUER_KEY.getPrivate(), "k1")},
        {"Authorization", "Bearer " + Jwt.rs256(wrongAudience, ISSUER_KEY.getPrivate(), "k1")},
        {"Authorization", "Bearer " + Jwt.rs256(Jwt.claims("x").put("iss", ISSUER).put("aud", "wsgate"),
            TestKeys.rsa().getPrivate(), "k1")},
    };
    for (String[] headers : cases) {
      java.net.http.HttpResponse<?> response = refused(rooms, headers);
      assertEquals(401, response.statusCode());
      assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(null));
    }
  }

  @Test
  void aPageFromAnotherSiteIsRefusedEvenWithAValidToken() {
    String alice = token("alice", rooms(new JsonArray().add("*"), new JsonArray()));
    java.net.http.HttpResponse<?> response = refused(rooms, "Authorization", "Bearer " + alice,
        "Origin", "https://evil.example");
    assertEquals(403, response.statusCode());
  }
}
