package io.wsgate.gateway.management;

import static io.wsgate.gateway.management.ManagementClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.testing.TestGateway;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The publish API's HTTP layer against a fake rooms API consumer on the event bus. */
@ExtendWith(VertxExtension.class)
class PublishApiTest {

  private static final String KEY = "test-key-0123456789";

  private static FakeRoomsApi router;
  private static ManagementClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    Gateway gateway = TestGateway.start(vertx, configWithApi(new JsonObject()
        .put("key", KEY).put("route", "rooms").put("sender", "ops")));
    router = new FakeRoomsApi(vertx.eventBus(), "rooms");
    router.register().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    client = new ManagementClient(gateway.managementPort());
  }

  /** The test config plus a {@code /rooms} route (served by echo: only its API address matters here). */
  static JsonObject configWithApi(JsonObject api) {
    JsonObject config = TestGateway.config();
    config.getJsonArray("routes").add(new JsonObject().put("path", "/rooms").put("router", "echo"));
    return config.put("api", api);
  }

  @BeforeEach
  void clearRequests() {
    router.requests.clear();
  }

  // ------------------------------------------------------------------ authentication

  @Test
  void missingKeyIs401WithChallenge() throws Exception {
    HttpResponse<String> response = client.send(client.request("/api/rooms").GET());
    assertUnauthorized(response);
    assertTrue(router.requests.isEmpty());
  }

  @Test
  void wrongKeysAre401() throws Exception {
    assertUnauthorized(client.get("/api/rooms", KEY + "x"));
    assertUnauthorized(client.get("/api/rooms", ""));
    assertUnauthorized(client.send(client.request("/api/rooms").header("X-API-Key", "nope").GET()));
    assertUnauthorized(client.send(client.request("/api/rooms").header("Authorization", "Basic " + KEY).GET()));
    assertUnauthorized(client.send(client.request("/api/rooms/lobby/messages").POST(
        HttpRequest.BodyPublishers.ofString("\"hi\""))));
    assertTrue(router.requests.isEmpty());
  }

  private static void assertUnauthorized(HttpResponse<String> response) {
    assertEquals(401, response.statusCode(), response.body());
    assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(null));
    assertEquals(new JsonObject().put("error", "unauthorized"), json(response));
  }

  @Test
  void bearerAndApiKeyHeadersBothWork() throws Exception {
    assertEquals(200, client.get("/api/rooms", KEY).statusCode());
    assertEquals(200, client.send(client.request("/api/rooms").header("authorization", "bearer " + KEY).GET())
        .statusCode());
    assertEquals(200, client.send(client.request("/api/rooms").header("X-API-Key", KEY).GET()).statusCode());
  }

  // ------------------------------------------------------------------ endpoints

  @Test
  void roomMessageForwardsAnyJsonAsDataFromTheSender() throws Exception {
    HttpResponse<String> response = client.post("/api/rooms/lobby/messages", KEY, "{\"text\":\"hi\",\"n\":[1,2]}");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
    assertEquals(new JsonObject().put("ok", true).put("room", "lobby").put("seq", 7).put("members", 2), json(response));
    assertEquals(new JsonObject().put("action", "publish").put("room", "lobby").put("from", "ops")
        .put("data", new JsonObject().put("text", "hi").put("n", new JsonArray().add(1).add(2))), lastRequest());

    for (String scalar : new String[] {"\"just text\"", "42", "true", "null", "[]"}) {
      assertEquals(200, client.post("/api/rooms/lobby/messages", KEY, scalar).statusCode(), scalar);
      JsonObject forwarded = lastRequest();
      assertTrue(forwarded.containsKey("data"), scalar);
      assertEquals(io.vertx.core.json.Json.decodeValue(scalar), forwarded.getValue("data"), scalar);
    }
  }

  @Test
  void userMessageIsADirectMessage() throws Exception {
    HttpResponse<String> response = client.post("/api/users/alice/messages", KEY, "{\"x\":1}");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(new JsonObject().put("ok", true).put("connections", 1), json(response));
    assertEquals(new JsonObject().put("action", "direct").put("user", "alice").put("from", "ops")
        .put("data", new JsonObject().put("x", 1)), lastRequest());
  }

  @Test
  void roomsAndPresence() throws Exception {
    HttpResponse<String> rooms = client.get("/api/rooms", KEY);
    assertEquals(200, rooms.statusCode());
    assertEquals(2, ((JsonObject) json(rooms)).getJsonArray("rooms").getJsonObject(0).getInteger("users"));
    assertEquals(new JsonObject().put("action", "rooms"), lastRequest());

    HttpResponse<String> presence = client.get("/api/rooms/lobby/presence", KEY);
    assertEquals(200, presence.statusCode());
    assertEquals(new JsonArray().add("alice").add("bob"), ((JsonObject) json(presence)).getJsonArray("users"));
    assertEquals(new JsonObject().put("action", "presence").put("room", "lobby"), lastRequest());
  }

  @Test
  void headAnswersLikeGetWithoutBody() throws Exception {
    HttpResponse<String> response = client.send(client.request("/api/rooms").header("X-API-Key", KEY)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, response.statusCode());
    assertEquals("", response.body());
  }

  @Test
  void pathSegmentsArePercentDecoded() throws Exception {
    assertEquals(404, client.get("/api/rooms/caf%C3%A9%20au%2Blait/presence", KEY).statusCode());
    assertEquals("café au+lait", lastRequest().getString("room"));
    HttpResponse<String> bad = client.get("/api/rooms/%C3/presence", KEY);
    assertEquals(400, bad.statusCode());
    assertEquals("bad_path", ((JsonObject) json(bad)).getString("error"));
  }

  // ------------------------------------------------------------------ errors

  @Test
  void routerErrorsKeepTheirStatusAndCode() throws Exception {
    HttpResponse<String> ghost = client.post("/api/users/ghost/messages", KEY, "\"boo\"");
    assertEquals(404, ghost.statusCode());
    assertEquals(new JsonObject().put("error", "unknown_user").put("message", "no such user"), json(ghost));

    HttpResponse<String> bad = client.post("/api/rooms/bad/messages", KEY, "\"x\"");
    assertEquals(400, bad.statusCode());
    assertEquals("invalid_room", ((JsonObject) json(bad)).getString("error"));

    assertEquals(404, client.get("/api/rooms/nowhere/presence", KEY).statusCode());
  }

  @Test
  void routerFaultsAre502() throws Exception {
    HttpResponse<String> failed = client.post("/api/rooms/boom/messages", KEY, "1");
    assertEquals(502, failed.statusCode());
    assertEquals("router_failed", ((JsonObject) json(failed)).getString("error"));

    HttpResponse<String> garbage = client.post("/api/rooms/garbage/messages", KEY, "1");
    assertEquals(502, garbage.statusCode());
    assertEquals("bad_router_reply", ((JsonObject) json(garbage)).getString("error"));
  }

  @Test
  void noRouterConsumerIs503() throws Exception {
    router.unregister().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    try {
      HttpResponse<String> response = client.get("/api/rooms", KEY);
      assertEquals(503, response.statusCode());
      assertEquals("router_unavailable", ((JsonObject) json(response)).getString("error"));
    } finally {
      router.register().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void badBodiesAre400() throws Exception {
    assertBadBody("", "empty_body");
    assertBadBody("  \n", "empty_body");
    assertBadBody("{\"unterminated\":", "invalid_json");
    assertBadBody("hello", "invalid_json");
    assertBadBody("{} {}", "invalid_json");
    assertBadBody("\"" + "x".repeat(JsonBody.MAX_BYTES) + "\"", "body_too_large");
    assertTrue(router.requests.isEmpty());
    // Exactly at the limit is fine.
    assertEquals(200, client.post("/api/rooms/lobby/messages", KEY,
        "\"" + "x".repeat(JsonBody.MAX_BYTES - 2) + "\"").statusCode());
  }

  @Test
  void oversizedChunkedBodyIs400() throws Exception {
    byte[] big = ("\"" + "y".repeat(200_000) + "\"").getBytes();
    HttpResponse<String> response = client.send(client.request("/api/rooms/lobby/messages")
        .header("X-API-Key", KEY)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
    assertEquals(400, response.statusCode(), response.body());
    assertEquals("body_too_large", ((JsonObject) json(response)).getString("error"));
    assertTrue(router.requests.isEmpty());
  }

  private static void assertBadBody(String body, String error) throws Exception {
    HttpResponse<String> response = client.post("/api/rooms/lobby/messages", KEY, body);
    assertEquals(400, response.statusCode(), body.length() < 100 ? body : body.length() + " chars");
    JsonObject json = (JsonObject) json(response);
    assertEquals(error, json.getString("error"));
    assertNotNull(json.getString("message"));
  }

  @Test
  void wrongMethodIs405WithAllow() throws Exception {
    HttpResponse<String> delete = client.send(client.request("/api/rooms").header("X-API-Key", KEY).DELETE());
    assertEquals(405, delete.statusCode());
    assertEquals("GET, HEAD", delete.headers().firstValue("Allow").orElse(null));
    HttpResponse<String> get = client.get("/api/rooms/lobby/messages", KEY);
    assertEquals(405, get.statusCode());
    assertEquals("POST", get.headers().firstValue("Allow").orElse(null));
    assertEquals(405, client.post("/api/rooms", KEY, "1").statusCode());
  }

  @Test
  void unknownPathsAre404() throws Exception {
    for (String path : new String[] {"/api", "/api/", "/api/rooms/", "/api/rooms//messages", "/api/users/a",
        "/api/rooms/a/b/messages", "/api/things/a/messages", "/nothing"}) {
      assertEquals(404, client.get(path, KEY).statusCode(), path);
    }
  }

  @Test
  void healthStillAnswers() throws Exception {
    assertEquals(200, client.send(client.request("/health/live").GET()).statusCode());
    assertEquals(200, client.send(client.request("/health/ready").GET()).statusCode());
    assertEquals(405, client.send(client.request("/health/ready").DELETE()).statusCode());
  }

  private static JsonObject lastRequest() throws InterruptedException {
    JsonObject request = router.requests.poll(5, TimeUnit.SECONDS);
    assertNotNull(request, "the router got no request");
    return request;
  }
}
