package io.wsgate.router.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.wsgate.api.Action;
import io.wsgate.api.Addresses;
import io.wsgate.api.Codecs;
import io.wsgate.api.Event;
import io.wsgate.api.Headers;
import io.wsgate.api.LocalRequests;
import io.wsgate.api.MessageType;
import io.wsgate.api.PayloadCodec;
import io.wsgate.api.RouterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The broadcast router against the contract alone: this test plays the gateway. */
@ExtendWith(VertxExtension.class)
class BroadcastRouterTest {

  private static void deploy(Vertx vertx, JsonObject options, VertxTestContext test, Runnable then) {
    Codecs.register(vertx);
    JsonObject config = new RouterConfig("bc", Addresses.route("bc"), options).toJson();
    vertx.deployVerticle(new BroadcastRouter(), new DeploymentOptions().setConfig(config))
        .onComplete(test.succeeding(id -> then.run()));
  }

  private static DeliveryOptions event(Event event, String connection) {
    return new DeliveryOptions().setCodecName(PayloadCodec.NAME)
        .addHeader(Headers.EVENT, event.wire()).addHeader(Headers.CONNECTION, connection)
        .addHeader(Headers.ROUTE, "bc").addHeader(Headers.TYPE, MessageType.TEXT.wire());
  }

  @Test
  void openJoinsTheRouteGroup(Vertx vertx, VertxTestContext test) {
    vertx.eventBus().<Buffer>localConsumer(Addresses.connection("n-0-1"), command -> test.verify(() -> {
      assertEquals("n-0-1", command.headers().get(Headers.CONNECTION));
      assertEquals(Action.JOIN.wire(), command.headers().get(Headers.ACTION));
      assertEquals("bc.all", command.headers().get(Headers.GROUP));
      LocalRequests.reply(vertx.eventBus(), command, null);
      test.completeNow();
    }));
    deploy(vertx, new JsonObject(), test,
        () -> vertx.eventBus().send(Addresses.route("bc"), null, event(Event.OPEN, "n-0-1")));
  }

  @Test
  void messageIsPublishedOnceToTheGroupWithoutTheSender(Vertx vertx, VertxTestContext test) {
    vertx.eventBus().<Buffer>localConsumer(Addresses.group("bc.all"), published -> test.verify(() -> {
      assertEquals("hello", published.body().toString());
      assertEquals(MessageType.TEXT.wire(), published.headers().get(Headers.TYPE));
      assertEquals("c1", published.headers().get(Headers.EXCLUDE));
      test.completeNow();
    }));
    deploy(vertx, new JsonObject(), test,
        () -> vertx.eventBus().send(Addresses.route("bc"), Buffer.buffer("hello"), event(Event.MESSAGE, "c1")));
  }

  @Test
  void includeSenderOptionKeepsTheSender(Vertx vertx, VertxTestContext test) {
    Checkpoint published = test.checkpoint();
    vertx.eventBus().<Buffer>localConsumer(Addresses.group("bc.all"), message -> test.verify(() -> {
      assertNull(message.headers().get(Headers.EXCLUDE));
      published.flag();
    }));
    deploy(vertx, new JsonObject().put(BroadcastRouter.OPTION_INCLUDE_SENDER, true), test,
        () -> vertx.eventBus().send(Addresses.route("bc"), Buffer.buffer("x"), event(Event.MESSAGE, "c1")));
  }

  @Test
  void includeSenderMustBeABoolean(Vertx vertx, VertxTestContext test) {
    Codecs.register(vertx);
    JsonObject config = new RouterConfig("bc", Addresses.route("bc"),
        new JsonObject().put(BroadcastRouter.OPTION_INCLUDE_SENDER, "yes")).toJson();
    vertx.deployVerticle(new BroadcastRouter(), new DeploymentOptions().setConfig(config))
        .onComplete(test.failing(e -> test.verify(() -> {
          assertEquals("routes[bc].options.includeSender: must be true or false, got yes", e.getMessage());
          test.completeNow();
        })));
  }
}
