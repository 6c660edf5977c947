package io.wsgate.gateway.management;

import static io.wsgate.gateway.management.ManagementClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Without {@code api.key} or {@code api.route} the publish API answers 503 and says which is missing. */
@ExtendWith(VertxExtension.class)
class DisabledApiTest {

  @Test
  void noKeyIs503(Vertx vertx) throws Exception {
    ManagementClient client = new ManagementClient(TestGateway.start(vertx,
        PublishApiTest.configWithApi(new JsonObject().put("route", "rooms"))).managementPort());
    HttpResponse<String> response = client.get("/api/rooms", "anything-at-all");
    assertEquals(503, response.statusCode());
    assertEquals(new JsonObject().put("error", "publish API disabled: set api.key"), json(response));
    assertEquals(503, client.post("/api/rooms/lobby/messages", "x", "1").statusCode());
  }

  @Test
  void noRouteIs503AfterAuthentication(Vertx vertx) throws Exception {
    ManagementClient client = new ManagementClient(TestGateway.start(vertx,
        PublishApiTest.configWithApi(new JsonObject().put("key", "key-without-route"))).managementPort());
    assertEquals(401, client.get("/api/rooms", "wrong-key-123").statusCode());
    HttpResponse<String> response = client.get("/api/rooms", "key-without-route");
    assertEquals(503, response.statusCode());
    assertEquals(new JsonObject().put("error", "publish API disabled: set api.route"), json(response));
  }
}
