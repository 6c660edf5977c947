package io.wsgate.router.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.wsgate.api.Action;
import io.wsgate.api.Addresses;
import io.wsgate.api.Codecs;
import io.wsgate.api.CommandBatch;
import io.wsgate.api.MessageBatch;
import io.wsgate.api.Event;
import io.wsgate.api.Headers;
import io.wsgate.api.MessageType;
import io.wsgate.api.PayloadCodec;
import io.wsgate.api.RouterConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The echo router against the event-bus contract alone, with no gateway: plays the gateway's part. */
@ExtendWith(VertxExtension.class)
class EchoRouterTest {

  private static DeliveryOptions message(String connection, MessageType type) {
    return new DeliveryOptions().setCodecName(PayloadCodec.NAME)
        .addHeader(Headers.EVENT, Event.MESSAGE.wire())
        .addHeader(Headers.CONNECTION, connection)
        .addHeader(Headers.ROUTE, "echo")
        .addHeader(Headers.TYPE, type.wire());
  }

  @Test
  void everyMessageGoesBackToItsSenderWithTheSameType(Vertx vertx, VertxTestContext test) {
    Codecs.register(vertx);
    Checkpoint text = test.checkpoint();
    Checkpoint binary = test.checkpoint();
    vertx.eventBus().<Buffer>localConsumer(Addresses.connection("n-0-1"), reply -> test.verify(() -> {
      if ("n-0-1".equals(reply.headers().get(Headers.CONNECTION))) {
        assertEquals(Action.TEXT.wire(), reply.headers().get(Headers.ACTION));
        assertEquals("hi", reply.body().toString());
        text.flag();
      } else {
        assertEquals("n-0-2", reply.headers().get(Headers.CONNECTION));
        assertEquals(Action.BINARY.wire(), reply.headers().get(Headers.ACTION));
        assertEquals(Buffer.buffer(new byte[] {0, 1, 2}), reply.body());
        binary.flag();
      }
    }));
    JsonObject config = new RouterConfig("echo", Addresses.route("echo"), new JsonObject()).toJson();
    vertx.deployVerticle(new EchoRouter(), new DeploymentOptions().setConfig(config))
        .onComplete(test.succeeding(id -> {
          vertx.eventBus().send(Addresses.route("echo"), Buffer.buffer("hi"), message("n-0-1", MessageType.TEXT));
          vertx.eventBus().send(Addresses.route("echo"), Buffer.buffer(new byte[] {0, 1, 2}), message("n-0-2", MessageType.BINARY));
        }));
  }

  @Test
  void aBatchIsAnsweredWithOneCommandBatchPerGatewayEventLoop(Vertx vertx, VertxTestContext test) {
    Codecs.register(vertx);
    Checkpoint loops = test.checkpoint(2);
    vertx.eventBus().<CommandBatch>localConsumer(Addresses.LOOP_PREFIX + "n-0", commands -> test.verify(() -> {
      CommandBatch batch = commands.body();
      assertEquals(2, batch.size());
      assertEquals("n-0-1 text a", batch.connectionId(0) + " " + batch.action(0).wire() + " " + batch.payload(0));
      assertEquals("n-0-3 binary c", batch.connectionId(1) + " " + batch.action(1).wire() + " " + batch.payload(1));
      loops.flag();
    }));
    vertx.eventBus().<CommandBatch>localConsumer(Addresses.LOOP_PREFIX + "n-1", commands -> test.verify(() -> {
      assertEquals(1, commands.body().size());
      assertEquals("n-1-2", commands.body().connectionId(0));
      loops.flag();
    }));
    JsonObject config = new RouterConfig("echo", Addresses.route("echo"), new JsonObject()).toJson();
    vertx.deployVerticle(new EchoRouter(), new DeploymentOptions().setConfig(config))
        .onComplete(test.succeeding(id -> {
          MessageBatch batch = new MessageBatch();
          batch.add("n-0-1", MessageType.TEXT, Buffer.buffer("a"));
          batch.add("n-1-2", MessageType.TEXT, Buffer.buffer("b"));
          batch.add("n-0-3", MessageType.BINARY, Buffer.buffer("c"));
          vertx.eventBus().send(Addresses.route("echo"), batch, new DeliveryOptions().setLocalOnly(true));
        }));
  }

  @Test
  void openAndCloseEventsAreNotEchoed(Vertx vertx, VertxTestContext test) {
    Codecs.register(vertx);
    vertx.eventBus().localConsumer(Addresses.connection("n-0-3"), reply -> {
      if ("n-0-4".equals(reply.headers().get(Headers.CONNECTION))) {
        test.completeNow();
      } else {
        test.failNow("unexpected reply " + reply.headers());
      }
    });
    JsonObject config = new RouterConfig("echo", Addresses.route("echo"), new JsonObject()).toJson();
    vertx.deployVerticle(new EchoRouter(), new DeploymentOptions().setConfig(config))
        .onComplete(test.succeeding(id -> {
          for (Event event : new Event[] {Event.OPEN, Event.CLOSE}) {
            vertx.eventBus().send(Addresses.route("echo"), null, new DeliveryOptions()
                .addHeader(Headers.EVENT, event.wire()).addHeader(Headers.CONNECTION, "n-0-3"));
          }
          // Then a real message on another connection proves the router processed the events.
          vertx.eventBus().send(Addresses.route("echo"), Buffer.buffer("x"), message("n-0-4", MessageType.TEXT));
        }));
  }
}
