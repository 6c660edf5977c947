package io.wsgate.gateway.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How event-bus outcomes become API errors. */
@ExtendWith(VertxExtension.class)
class RouterApiClientTest {

  @Test
  void silentRouterTimesOutAs504(Vertx vertx, VertxTestContext test) {
    vertx.eventBus().localConsumer("test.silent", message -> { });
    new RouterApiClient(vertx.eventBus(), "test.silent", 100).call(new JsonObject())
        .onComplete(test.failing(e -> test.verify(() -> {
          assertEquals(504, ((ApiError) e).status());
          assertEquals("router_timeout", ((ApiError) e).toJson().getString("error"));
          test.completeNow();
        })));
  }

  @Test
  void routerStatusOutsideTheErrorRangeIs502(Vertx vertx, VertxTestContext test) {
    vertx.eventBus().<JsonObject>localConsumer("test.odd", message -> message.reply(
        new JsonObject().put("ok", false).put("status", 200).put("code", "weird")));
    new RouterApiClient(vertx.eventBus(), "test.odd", 1000).call(new JsonObject())
        .onComplete(test.failing(e -> test.verify(() -> {
          assertEquals(502, ((ApiError) e).status());
          assertEquals(new JsonObject().put("error", "weird"), ((ApiError) e).toJson());
          test.completeNow();
        })));
  }

  @Test
  void missingConsumerIs503(Vertx vertx, VertxTestContext test) {
    new RouterApiClient(vertx.eventBus(), "test.nobody", 1000).call(new JsonObject())
        .onComplete(test.failing(e -> test.verify(() -> {
          assertEquals(503, ((ApiError) e).status());
          assertTrue(((ApiError) e).toJson().getString("message").contains("test.nobody"));
          test.completeNow();
        })));
  }
}
