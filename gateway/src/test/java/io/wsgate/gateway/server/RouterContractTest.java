package io.wsgate.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.RawClient.ServerFrame;
import io.wsgate.gateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway's side of the event-bus contract (docs/event-bus.md), with a router loaded by class
 * name: open-event headers, router-initiated close, close events with their codes, slow consumers.
 */
@ExtendWith(VertxExtension.class)
class RouterContractTest {

  private static final BlockingQueue<String> CLOSE_EVENTS = new LinkedBlockingQueue<>();
  private static final BlockingQueue<Integer> BATCH_SIZES = new LinkedBlockingQueue<>();
  private static Gateway gateway;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    vertx.eventBus().<String>localConsumer("test.closes", m -> CLOSE_EVENTS.add(m.body()));
    vertx.eventBus().<Integer>localConsumer("test.batches", m -> BATCH_SIZES.add(m.body()));
    JsonObject config = TestGateway.config();
    config.getJsonObject("limits")
        .put("closeTimeoutMs", 300)
        .put("writeQueueHighWater", 65536)
        .put("maxOutboundQueue", 262144);
    config.getJsonArray("routes").add(new JsonObject()
        .put("path", "/scripted")
        .put("router", ScriptedRouter.class.getName())
        .put("subprotocols", new JsonArray().add("chat"))
        .put("options", new JsonObject().put("closeEventsTo", "test.closes").put("batchSizesTo", "test.batches")));
    gateway = TestGateway.start(vertx, config);
  }

  private static String nextCloseEvent() throws InterruptedException {
    String event = CLOSE_EVENTS.poll(5, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no close event reached the router");
    }
    return event.split(" ")[1];
  }

  @Test
  void openEventCarriesConnectionRoutePathQueryOriginAndSubprotocol() throws Exception {
    try (RawClient client = RawClient.connect(gateway.webSocketPort())) {
      client.write(RawClient.upgradeRequest("/scripted?user=alice&x=1",
          "Origin: http://example.test\r\nSec-WebSocket-Protocol: chat\r\n"));
      assertEquals(101, client.readHttpResponse().status());
      client.sendText("open?");
      String headers = client.readFrame().text();
      assertTrue(headers.contains("wsgate-event=open\n"), headers);
      assertTrue(headers.contains("wsgate-route=scripted\n"), headers);
      assertTrue(headers.contains("wsgate-node=" + gateway.nodeId() + "\n"), headers);
      assertTrue(headers.contains("wsgate-conn=" + gateway.nodeId() + "-"), headers);
      assertTrue(headers.contains("wsgate-path=/scripted\n"), headers);
      assertTrue(headers.contains("wsgate-query=user=alice&x=1\n"), headers);
      assertTrue(headers.contains("wsgate-origin=http://example.test\n"), headers);
      assertTrue(headers.contains("wsgate-subprotocol=chat\n"), headers);
      assertTrue(headers.contains("wsgate-remote=127.0.0.1:"), headers);
    }
    assertEquals("1006", nextCloseEvent(), "a TCP close without a Close frame is reported as 1006");
  }

  @Test
  void pipelinedMessagesReachTheRouterInBatchesAndTheRepliesKeepTheirOrder() throws Exception {
    int count = 500;
    try (RawClient client = RawClient.open(gateway.webSocketPort(), "/scripted")) {
      BATCH_SIZES.clear();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int i = 0; i < count; i++) {
        all.write(RawClient.encode(true, 0, 1, ("m" + i).getBytes(StandardCharsets.UTF_8), true, i));
      }
      client.write(all.toByteArray()); // one write: the gateway reads many frames per turn
      for (int i = 0; i < count; i++) {
        assertEquals("m" + i, client.readFrame().text());
      }
    }
    int deliveries = 0;
    int messages = 0;
    int largest = 0;
    for (Integer size = BATCH_SIZES.poll(1, TimeUnit.SECONDS); size != null && messages < count;
        size = BATCH_SIZES.poll(1, TimeUnit.SECONDS)) {
      deliveries++;
      messages += size;
      largest = Math.max(largest, size);
    }
    assertEquals(count, messages, "every message reached the router in a batch");
    assertTrue(largest > 1, "the router was handed one message per delivery (" + deliveries + " deliveries)");
    nextCloseEvent();
  }

  @Test
  void routerCloseSendsCloseAndCompletesTheHandshake() throws Exception {
    try (RawClient client = RawClient.open(gateway.webSocketPort(), "/scripted")) {
      client.sendText("close 4002 room closed");
      ServerFrame close = client.readFrame();
      assertEquals(RawClient.OP_CLOSE, close.opcode());
      assertEquals(4002, close.closeCode());
      assertEquals("room closed", close.closeReason());
      // Anything the client sends before its Close is not delivered any more.
      client.sendText("after close");
      client.sendClose(4002, "");
      assertTrue(client.serverClosedTcp(), "the server closes TCP once the client answered");
    }
    assertEquals("4002", nextCloseEvent());
  }

  @Test
  void routerCloseDropsTcpWhenTheClientNeverAnswers() throws Exception {
    try (RawClient client = RawClient.open(gateway.webSocketPort(), "/scripted")) {
      client.sendText("close 1000 done");
      assertEquals(1000, client.readFrame().closeCode());
      long start = System.nanoTime();
      assertTrue(client.serverClosedTcp(), "closeTimeoutMs (300 ms) must end the wait");
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(waited >= 200, "closed after " + waited + " ms: the server must wait for the client's Close first");
    }
    assertEquals("1000", nextCloseEvent());
  }

  @Test
  void clientCloseCodeReachesTheRouter() throws Exception {
    try (RawClient client = RawClient.open(gateway.webSocketPort(), "/scripted")) {
      client.sendClose(4321, "bye");
      assertEquals(4321, client.readFrame().closeCode());
    }
    assertEquals("4321", nextCloseEvent());
  }

  @Test
  void protocolErrorCodeReachesTheRouter() throws Exception {
    try (RawClient client = RawClient.open(gateway.webSocketPort(), "/scripted")) {
      client.write(client.frame(true, 0, 0x3, new byte[0]));
      assertEquals(1002, client.readFrame().closeCode());
    }
    assertEquals("1002", nextCloseEvent());
  }

  @Test
  void clientThatNeverReadsIsDisconnectedAsSlowConsumer() throws Exception {
    try (RawClient client = RawClient.open(gateway.webSocketPort(), "/scripted")) {
      client.setTimeout(10_000);
      // 64 MiB pushed by the router while the client reads nothing: far past high water + cap.
      client.sendText("flood 1024 65536");
      assertEquals("1008", nextCloseEvent(), "slow consumer must be closed with 1008");
    }
    try (RawClient other = RawClient.open(gateway.webSocketPort(), "/scripted")) {
      other.sendText("still here");
      assertEquals("still here", other.readFrame().text());
    }
  }
}
