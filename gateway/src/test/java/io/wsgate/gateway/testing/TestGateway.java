package io.wsgate.gateway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.config.GatewayConfig;
import io.wsgate.gateway.metrics.MetricsSetup;
import java.util.concurrent.TimeUnit;

/** Starts an in-process gateway on free ports for tests. */
public final class TestGateway {

  private TestGateway() {
  }

  /** The default test config: /echo with subprotocols, loopback, ephemeral ports. */
  public static JsonObject config() {
    return new JsonObject()
        .put("server", new JsonObject()
            .put("host", "127.0.0.1").put("port", 0).put("managementPort", 0)
            .put("instances", 2).put("shutdownGraceMs", 2000))
        .put("limits", new JsonObject())
        .put("routes", new JsonArray()
            .add(new JsonObject().put("path", "/echo").put("router", "echo")
                .put("subprotocols", new JsonArray().add("echo.v1").add("echo.v2"))));
  }

  /** Starts a gateway and blocks until it is ready (call from the test thread, not an event loop). */
  public static Gateway start(Vertx vertx, JsonObject config) throws Exception {
    return Gateway.start(vertx, GatewayConfig.parse(config), MetricsSetup.newRegistry())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
