package io.wsgate.gateway.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.config.ConfigException;
import io.wsgate.gateway.config.GatewayConfig;
import io.wsgate.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** demo.webSocketUrl: behind a load balancer the demo page connects through it, not to this node. */
@ExtendWith(VertxExtension.class)
class DemoBehindABalancerTest {

  @Test
  void configPointsAtTheConfiguredUrl(Vertx vertx) throws Exception {
    JsonObject config = TestGateway.config()
        .put("demo", new JsonObject().put("webSocketUrl", "wss://chat.example.com/rooms"));
    Gateway gateway = TestGateway.start(vertx, config);
    ManagementClient client = new ManagementClient(gateway.managementPort());
    HttpResponse<String> response = client.send(client.request("/demo/config.json").GET());
    assertEquals(new JsonObject().put("ws", "wss://chat.example.com/rooms"), new JsonObject(response.body()));
  }

  @Test
  void anythingButAWebSocketUrlIsRefusedNamingTheKey() {
    JsonObject config = TestGateway.config().put("demo", new JsonObject().put("webSocketUrl", "http://lb/rooms"));
    ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.parse(config));
    assertEquals("demo.webSocketUrl: must be a ws:// or wss:// URL, got \"http://lb/rooms\"", e.getMessage());
  }
}
