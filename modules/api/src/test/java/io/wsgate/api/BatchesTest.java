package io.wsgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batches on both sides of the contract: {@link MessageBatch} read through {@link Inbound#each},
 * and the {@link CommandBatch}es {@link Connections} gathers meanwhile, one per gateway event loop.
 */
@ExtendWith(VertxExtension.class)
class BatchesTest {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  /** What a gateway event loop receives on {@code wsgate.loop.<node>-<loop>}, one entry per command. */
  private static LinkedBlockingQueue<String> loop(Vertx vertx, String prefix) {
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    vertx.eventBus().<Object>localConsumer(Addresses.LOOP_PREFIX + prefix, m -> {
      CommandBatch batch = (CommandBatch) m.body();
      StringBuilder line = new StringBuilder("batch");
      for (int i = 0; i < batch.size(); i++) {
        line.append(' ').append(batch.connectionId(i)).append(':').append(batch.action(i).wire());
        if (batch.action(i) == Action.CLOSE) {
          line.append('/').append(batch.closeCode(i)).append('/').append(batch.closeReason(i));
        } else {
          line.append('/').append(batch.payload(i).toString());
        }
      }
      seen.add(line.toString());
    });
    return seen;
  }

  private static MessageBatch batchOf(String... idsAndTexts) {
    MessageBatch batch = new MessageBatch();
    for (int i = 0; i < idsAndTexts.length; i += 2) {
      batch.add(idsAndTexts[i], MessageType.TEXT, Buffer.buffer(idsAndTexts[i + 1]));
    }
    return batch;
  }

  @Test
  void loopAddressIsTheConnectionIdWithoutItsSequence() {
    assertEquals("wsgate.loop.3f9c2a1b-0", Addresses.loop("3f9c2a1b-0-1k"));
    assertEquals("wsgate.loop.3f9c2a1b-12", Addresses.loop("3f9c2a1b-12-zz"));
    assertNull(Addresses.loop("c1"), "a made-up id names no loop");
    assertNull(Addresses.loop("node-1"), "two parts are not enough");
    assertNull(Addresses.loop("-0-1"), "the node part cannot be empty");
  }

  @Test
  void batchesGrowPastTheirCapacityAndKeepOrder() {
    MessageBatch messages = new MessageBatch(1);
    CommandBatch commands = new CommandBatch(1);
    for (int i = 0; i < 100; i++) {
      messages.add("n-0-" + i, i % 2 == 0 ? MessageType.TEXT : MessageType.BINARY, Buffer.buffer("m" + i));
      commands.send("n-0-" + i, MessageType.BINARY, Buffer.buffer("c" + i));
    }
    commands.close("n-0-x", 4001, "bye");
    assertEquals(100, messages.size());
    assertEquals(10 * 2 + 90 * 3, messages.bytes(), "m0..m9 are 2 bytes, m10..m99 3");
    assertEquals("n-0-57", messages.connectionId(57));
    assertEquals(MessageType.BINARY, messages.type(57));
    assertEquals("m57", messages.payload(57).toString());
    assertEquals(101, commands.size());
    assertEquals(Action.BINARY, commands.action(99));
    assertEquals("c99", commands.payload(99).toString());
    assertEquals(Action.CLOSE, commands.action(100));
    assertNull(commands.payload(100));
    assertEquals(4001, commands.closeCode(100));
    assertEquals("bye", commands.closeReason(100));
    assertEquals("", commands.closeReason(99));
    assertThrows(IndexOutOfBoundsException.class, () -> messages.payload(100));
    assertThrows(IndexOutOfBoundsException.class, () -> commands.action(-1));
  }

  @Test
  void eachReadsEveryMessageOfABatchInOrder(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    CompletableFuture<List<String>> seen = new CompletableFuture<>();
    vertx.eventBus().localConsumer("route", m -> {
      List<String> events = new ArrayList<>();
      Inbound.each(m, in -> events.add(in.event().wire() + " " + in.connectionId() + " " + in.type().wire()
          + " " + in.payload().toString() + " " + in.header(Headers.ROUTE) + " " + in.headers().size()));
      seen.complete(events);
    });
    vertx.eventBus().send("route", batchOf("n-0-1", "a", "n-0-2", "b", "n-0-1", "c"), LOCAL);
    assertEquals(List.of("message n-0-1 text a null 0", "message n-0-2 text b null 0", "message n-0-1 text c null 0"),
        seen.get(5, TimeUnit.SECONDS));
  }

  @Test
  void aHandlerThatThrowsForOneMessageStillSeesTheOthers(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    LinkedBlockingQueue<String> loop0 = loop(vertx, "n-0");
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Connections connections = new Connections(vertx);
    vertx.eventBus().localConsumer("route", m -> {
      try {
        Inbound.each(m, in -> {
          if (in.payload().toString().startsWith("bad")) {
            throw new IllegalStateException(in.payload().toString());
          }
          connections.send(in.connectionId(), in.type(), in.payload());
        });
        thrown.complete(null);
      } catch (IllegalStateException e) {
        thrown.complete(e);
      }
    });
    vertx.eventBus().send("route", batchOf("n-0-1", "a", "n-0-2", "bad1", "n-0-3", "b", "n-0-4", "bad2"), LOCAL);
    Throwable e = thrown.get(5, TimeUnit.SECONDS);
    assertEquals("bad1", e.getMessage());
    assertEquals("bad2", e.getSuppressed()[0].getMessage());
    assertEquals("batch n-0-1:text/a n-0-3:text/b", loop0.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void ofRefusesABatch(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    vertx.eventBus().localConsumer("route", m -> {
      try {
        Inbound.of(m);
        refused.complete(null);
      } catch (IllegalArgumentException e) {
        refused.complete(e);
      }
    });
    vertx.eventBus().send("route", batchOf("n-0-1", "a"), LOCAL);
    assertTrue(refused.get(5, TimeUnit.SECONDS) instanceof IllegalArgumentException);
  }

  @Test
  void sendsWhileHandlingABatchLeaveAsOneBatchPerEventLoop(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    LinkedBlockingQueue<String> loop0 = loop(vertx, "n-0");
    LinkedBlockingQueue<String> loop1 = loop(vertx, "n-1");
    Connections connections = new Connections(vertx);
    vertx.eventBus().localConsumer("route", m -> Inbound.each(m, in -> {
      connections.send(in.connectionId(), in.type(), in.payload());
      if (in.payload().toString().equals("c")) {
        connections.close(in.connectionId(), 4000, "done");
      }
    }));
    vertx.eventBus().send("route", batchOf("n-0-1", "a", "n-1-2", "b", "n-0-3", "c"), LOCAL);
    assertEquals("batch n-0-1:text/a n-0-3:text/c n-0-3:close/4000/done", loop0.poll(5, TimeUnit.SECONDS));
    assertEquals("batch n-1-2:text/b", loop1.poll(5, TimeUnit.SECONDS));
    assertNull(loop0.poll(200, TimeUnit.MILLISECONDS), "one batch per loop, not one per command");
  }

  @Test
  void outsideABatchEachCommandIsOneDeliveryNamingItsConnection(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    vertx.eventBus().<Object>localConsumer(Addresses.connection("n-0-1"), m -> seen.add(m.body() instanceof CommandBatch
        ? "batch" : m.headers().get(Headers.CONNECTION) + " " + m.headers().get(Headers.ACTION) + " " + m.body()));
    Connections connections = new Connections(vertx);
    vertx.runOnContext(v -> {
      connections.sendText("n-0-1", "hello");
      connections.close("n-0-2", 4000, "bye");
    });
    assertEquals("n-0-1 text hello", seen.poll(5, TimeUnit.SECONDS));
    assertEquals("n-0-2 close null", seen.poll(5, TimeUnit.SECONDS));
    assertThrows(IllegalArgumentException.class, () -> connections.sendText("c1", "not a gateway id"));
  }

  @Test
  void aJoinOrAGroupPublishFirstSendsWhatWasGathered(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    // One consumer for everything the "gateway" receives, so the order across addresses shows.
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    vertx.eventBus().<Object>localConsumer(Addresses.LOOP_PREFIX + "n-0", m -> {
      if (m.body() instanceof CommandBatch) {
        seen.add("batch of " + ((CommandBatch) m.body()).size());
      } else {
        seen.add(m.headers().get(Headers.ACTION));
        LocalRequests.reply(vertx.eventBus(), m, null);
      }
    });
    vertx.eventBus().<Object>localConsumer(Addresses.group("g"), m -> seen.add("publish"));
    Connections connections = new Connections(vertx);
    Groups groups = new Groups(vertx.eventBus());
    vertx.eventBus().localConsumer("route", m -> Inbound.each(m, in -> {
      connections.send(in.connectionId(), in.type(), in.payload());
      if (in.payload().toString().equals("join")) {
        connections.join(in.connectionId(), "g");
      } else if (in.payload().toString().equals("publish")) {
        groups.publishText("g", "to all");
      }
    }));
    vertx.eventBus().send("route", batchOf("n-0-1", "a", "n-0-1", "join", "n-0-1", "b", "n-0-1", "publish", "n-0-1", "c"),
        LOCAL);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      order.add(seen.poll(5, TimeUnit.SECONDS));
    }
    assertEquals(List.of("batch of 2", "join", "batch of 2", "publish", "batch of 1"), order);
  }
}
