package io.wsgate.gateway.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo page's files, headers and config.json. */
@ExtendWith(VertxExtension.class)
class DemoSiteTest {

  private static Gateway gateway;
  private static ManagementClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    JsonObject config = TestGateway.config();
    config.getJsonArray("routes").add(new JsonObject().put("path", "/chat/rooms").put("name", "rooms")
        .put("router", "echo"));
    gateway = TestGateway.start(vertx, config.put("api", new JsonObject().put("route", "rooms")));
    client = new ManagementClient(gateway.managementPort());
  }

  @Test
  void pageAndAssetsAreServedWithSecurityHeaders() throws Exception {
    assertAsset("/demo/", "text/html; charset=utf-8", "<script src=\"chat.js\"");
    assertAsset("/demo/chat.js", "text/javascript; charset=utf-8", "textContent");
    assertAsset("/demo/chat.css", "text/css; charset=utf-8", "#messages");
  }

  private static void assertAsset(String path, String type, String snippet) throws Exception {
    HttpResponse<String> response = client.send(client.request(path).GET());
    assertEquals(200, response.statusCode(), path);
    assertEquals(type, response.headers().firstValue("Content-Type").orElse(null), path);
    assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null), path);
    String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.startsWith("default-src 'self'; connect-src 'self' ws: wss:"), csp);
    assertTrue(response.body().contains(snippet), path);
  }

  @Test
  void bareDemoRedirectsToTheSlash() throws Exception {
    HttpResponse<String> response = client.send(client.request("/demo").GET());
    assertEquals(301, response.statusCode());
    assertEquals("/demo/", response.headers().firstValue("Location").orElse(null));
  }

  @Test
  void configPointsAtTheApiRouteOnTheActualPortAndTheRequestedHost() throws Exception {
    String port = Integer.toString(gateway.webSocketPort());
    HttpResponse<String> response = client.send(client.request("/demo/config.json").GET());
    assertEquals(200, response.statusCode());
    assertEquals(new JsonObject().put("ws", "ws://127.0.0.1:" + port + "/chat/rooms"),
        new JsonObject(response.body()));
    assertTrue(client.rawGet("/demo/config.json", "gateway.example:8081")
        .endsWith("{\"ws\":\"ws://gateway.example:" + port + "/chat/rooms\"}"));
    assertTrue(client.rawGet("/demo/config.json", "[::1]:8081")
        .endsWith("{\"ws\":\"ws://[::1]:" + port + "/chat/rooms\"}"));
  }

  @Test
  void otherMethodsAndFiles() throws Exception {
    HttpResponse<String> post = client.send(client.request("/demo/").POST(
        java.net.http.HttpRequest.BodyPublishers.ofString("x")));
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(null));
    assertEquals(404, client.send(client.request("/demo/../pom.xml").GET()).statusCode());
    assertEquals(404, client.send(client.request("/demo/secret.txt").GET()).statusCode());
    assertEquals(404, client.send(client.request("/demo/index.html/").GET()).statusCode());
  }
}
