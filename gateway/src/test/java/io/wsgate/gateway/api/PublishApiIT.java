package io.wsgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.config.ApiSettings;
import io.wsgate.gateway.interop.GatewayProcess;
import io.wsgate.gateway.rooms.RoomsClient;
import io.wsgate.gateway.testing.RoomsGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish API from a curl user's point of view, against the fat jar with the rooms router:
 * {@code java.net.http} for the HTTP calls, JDK WebSocket clients in the rooms.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PublishApiIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String KEY = RoomsGateway.newKey();
  private static final String SENDER = RoomsGateway.SENDER;

  @TempDir
  static Path dir;
  private static GatewayProcess gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = RoomsGateway.start("publish-api", dir, KEY);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.stop();
    }
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(gateway.managementUri(path)).timeout(Duration.ofSeconds(10));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return send(request(path).header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(request(path).header("X-API-Key", KEY).GET());
  }

  private static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  private static RoomsClient connect(String user) throws Exception {
    return RoomsClient.connect(HTTP, gateway.wsUri("/rooms"), user);
  }

  @Test
  void withoutOrWithAWrongKeyIs401() throws Exception {
    HttpResponse<String> none = send(request("/api/rooms/news/messages").POST(HttpRequest.BodyPublishers.ofString("1")));
    HttpResponse<String> wrongBearer = send(request("/api/rooms").header("Authorization", "Bearer " + KEY + "x").GET());
    HttpResponse<String> wrongHeader = send(request("/api/rooms").header("X-API-Key", "not-the-key").GET());
    for (HttpResponse<String> response : java.util.List.of(none, wrongBearer, wrongHeader)) {
      assertEquals(401, response.statusCode(), response.body());
      assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(null));
      assertEquals(new JsonObject().put("error", "unauthorized"), json(response));
    }
  }

  @Test
  void badBodiesAre400() throws Exception {
    assertBadBody("", "empty_body");
    assertBadBody("not json", "invalid_json");
    assertBadBody("{\"a\":", "invalid_json");
    assertBadBody("\"" + "x".repeat(64 * 1024) + "\"", "body_too_large");
  }

  private static void assertBadBody(String body, String error) throws Exception {
    HttpResponse<String> response = post("/api/rooms/news/messages", body);
    assertEquals(400, response.statusCode(), response.body());
    assertEquals(error, json(response).getString("error"), response.body());
  }

  @Test
  void roomMessageReachesAClientInTheRoom() throws Exception {
    try (RoomsClient alice = connect("alice")) {
      alice.join("news");
      HttpResponse<String> response = post("/api/rooms/news/messages", "{\"headline\":\"<b>it works</b>\"}");
      assertEquals(200, response.statusCode(), response.body());
      JsonObject reply = json(response);
      assertEquals(true, reply.getBoolean("ok"), response.body());
      assertEquals("news", reply.getString("room"));
      assertEquals(1, reply.getInteger("members"));
      JsonObject message = alice.next(m -> "message".equals(m.getString("op")), "room message");
      assertEquals("news", message.getString("room"));
      assertEquals(SENDER, message.getString("from"));
      assertEquals(reply.getValue("seq"), message.getValue("seq"));
      assertEquals(new JsonObject().put("headline", "<b>it works</b>"), message.getValue("data"));
    }
  }

  @Test
  void directMessageReachesTheUser() throws Exception {
    try (RoomsClient bob = connect("bob")) {
      bob.join("bobs-room"); // connected and known to the router before the push
      HttpResponse<String> response = post("/api/users/bob/messages", "\"psst\"");
      assertEquals(200, response.statusCode(), response.body());
      assertEquals(1, json(response).getInteger("connections"));
      JsonObject direct = bob.next(m -> "direct".equals(m.getString("op")), "direct message");
      assertEquals(SENDER, direct.getString("from"));
      assertEquals("psst", direct.getValue("data"));
    }
    HttpResponse<String> nobody = post("/api/users/nobody-here/messages", "\"hello?\"");
    assertEquals(404, nobody.statusCode(), nobody.body());
    assertEquals("unknown_user", json(nobody).getString("error"));
  }

  @Test
  void roomsAndPresence() throws Exception {
    try (RoomsClient carol = connect("carol"); RoomsClient dave = connect("dave")) {
      carol.join("ops");
      dave.join("ops");
      HttpResponse<String> rooms = get("/api/rooms");
      assertEquals(200, rooms.statusCode(), rooms.body());
      JsonArray list = json(rooms).getJsonArray("rooms");
      assertTrue(list.contains(new JsonObject().put("room", "ops").put("users", 2)), rooms.body());

      HttpResponse<String> presence = get("/api/rooms/ops/presence");
      assertEquals(200, presence.statusCode(), presence.body());
      JsonArray users = json(presence).getJsonArray("users");
      assertEquals(2, users.size(), presence.body());
      assertTrue(users.contains("carol") && users.contains("dave"), presence.body());
    }
    HttpResponse<String> unknown = get("/api/rooms/no-such-room/presence");
    assertEquals(404, unknown.statusCode(), unknown.body());
    assertEquals("unknown_room", json(unknown).getString("error"));
  }

  @Test
  void theDevelopmentKeyIsWarnedAboutAtStartUp() throws Exception {
    try (GatewayProcess dev = RoomsGateway.start("publish-api-dev-key", dir, ApiSettings.DEVELOPMENT_KEY)) {
      // Ready (health 200) can come a moment before Main logs its start-up lines.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!dev.log().contains(" ready") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      String log = dev.log();
      assertTrue(log.lines().anyMatch(line -> line.contains(" WARN ") && line.contains("development key")), log);
      assertFalse(gateway.log().contains("development key"), "warned about a non-development key");
    }
  }

  @Test
  void wrongMethodIs405() throws Exception {
    HttpResponse<String> response = get("/api/rooms/news/messages");
    assertEquals(405, response.statusCode());
    assertEquals("POST", response.headers().firstValue("Allow").orElse(null));
  }
}
