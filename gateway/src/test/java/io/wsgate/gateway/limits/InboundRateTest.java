package io.wsgate.gateway.limits;

import static io.wsgate.gateway.limits.GatewayMeters.awaitCounter;
import static io.wsgate.gateway.limits.GatewayMeters.counter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.testing.Bytes;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.RawClient.ServerFrame;
import io.wsgate.gateway.testing.TestGateway;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code limits.messagesPerSecond} / {@code messageBurst} and {@code limits.bytesPerSecond} /
 * {@code byteBurst}: a connection over either rate is closed with 1008 and a reason naming it;
 * the close is counted with the other close codes and as a limit rejection.
 */
@ExtendWith(VertxExtension.class)
class InboundRateTest {

  private static final int MESSAGE_BURST = 10;
  private static final int BYTE_BURST = 4096;
  private static final int FRAME_PAYLOAD = 1000;
  /** A masked client frame of 1000 bytes: 2 header bytes, 2 of length, 4 of mask. */
  private static final int FRAME_BYTES = FRAME_PAYLOAD + 8;

  private static Gateway messages;
  private static Gateway bytes;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    JsonObject messageConfig = TestGateway.config();
    messageConfig.getJsonObject("limits").put("messagesPerSecond", 1).put("messageBurst", MESSAGE_BURST)
        .put("bytesPerSecond", 0);
    messages = TestGateway.start(vertx, messageConfig);

    JsonObject byteConfig = TestGateway.config();
    byteConfig.getJsonObject("limits").put("bytesPerSecond", 1024).put("byteBurst", BYTE_BURST)
        .put("messagesPerSecond", 0);
    bytes = TestGateway.start(vertx, byteConfig);
  }

  /** Counts read before a test must not move with the end of the previous test's connection. */
  @BeforeEach
  void previousConnectionsAreGone() throws InterruptedException {
    GatewayMeters.awaitOpenConnections(messages, 0);
    GatewayMeters.awaitOpenConnections(bytes, 0);
  }

  /** Reads echoes until the Close; returns how many echoes came before it. */
  private static int echoesBeforeClose(RawClient client, int opcode, int expectedCode, String expectedReason)
      throws IOException {
    int echoes = 0;
    while (true) {
      ServerFrame frame = client.readFrame();
      if (frame.opcode() == RawClient.OP_CLOSE) {
        assertEquals(expectedCode, frame.closeCode());
        assertEquals(expectedReason, frame.closeReason());
        assertTrue(client.serverClosedTcp(), "server must close TCP after its Close");
        return echoes;
      }
      assertEquals(opcode, frame.opcode());
      echoes++;
    }
  }

  @Test
  void messagesOverTheRateCloseWith1008AfterTheBurstWasServed() throws Exception {
    double closedBefore = counter(messages, "wsgate.connections.closed", "code", "1008", "by", "server");
    double rejectedBefore = counter(messages, "wsgate.limit.rejections", "limit", "message_rate");
    try (RawClient client = RawClient.open(messages.webSocketPort(), "/echo")) {
      byte[][] frames = new byte[3 * MESSAGE_BURST][];
      for (int i = 0; i < frames.length; i++) {
        frames[i] = client.frame(true, 0, RawClient.OP_TEXT, ("message " + i).getBytes());
      }
      client.write(Bytes.concat(frames));
      int echoes = echoesBeforeClose(client, RawClient.OP_TEXT, 1008, "message rate limit exceeded");
      assertTrue(echoes >= MESSAGE_BURST, "the burst is served: " + echoes);
      assertTrue(echoes < frames.length, "all " + echoes + " messages were served");
    }
    assertEquals(rejectedBefore + 1, counter(messages, "wsgate.limit.rejections", "limit", "message_rate"));
    awaitCounter(messages, closedBefore + 1, "wsgate.connections.closed", "code", "1008", "by", "server");
  }

  @Test
  void pingsCountAsMessages() throws Exception {
    try (RawClient client = RawClient.open(messages.webSocketPort(), "/echo")) {
      byte[][] pings = new byte[3 * MESSAGE_BURST][];
      for (int i = 0; i < pings.length; i++) {
        pings[i] = client.frame(true, 0, RawClient.OP_PING, new byte[] {(byte) i});
      }
      client.write(Bytes.concat(pings));
      int pongs = echoesBeforeClose(client, RawClient.OP_PONG, 1008, "message rate limit exceeded");
      assertTrue(pongs >= MESSAGE_BURST && pongs < pings.length, pongs + " pongs");
    }
  }

  @Test
  void bytesOverTheRateCloseWith1008() throws Exception {
    double rejectedBefore = counter(bytes, "wsgate.limit.rejections", "limit", "byte_rate");
    double closedBefore = counter(bytes, "wsgate.connections.closed", "code", "1008", "by", "server");
    try (RawClient client = RawClient.open(bytes.webSocketPort(), "/echo")) {
      byte[] payload = new byte[FRAME_PAYLOAD];
      Arrays.fill(payload, (byte) 7);
      // Three frames fit the burst and come back...
      int fitting = BYTE_BURST / FRAME_BYTES - 1;
      for (int i = 0; i < fitting; i++) {
        client.sendFrame(true, RawClient.OP_BINARY, payload);
        assertEquals(RawClient.OP_BINARY, client.readFrame().opcode());
      }
      // ...three more at once are far over what is left (the rate refills 1024 bytes a second).
      client.write(Bytes.concat(client.frame(true, 0, RawClient.OP_BINARY, payload),
          client.frame(true, 0, RawClient.OP_BINARY, payload), client.frame(true, 0, RawClient.OP_BINARY, payload)));
      int echoes = echoesBeforeClose(client, RawClient.OP_BINARY, 1008, "byte rate limit exceeded");
      assertTrue(echoes <= 1, echoes + " more echoes");
    }
    assertEquals(rejectedBefore + 1, counter(bytes, "wsgate.limit.rejections", "limit", "byte_rate"));
    awaitCounter(bytes, closedBefore + 1, "wsgate.connections.closed", "code", "1008", "by", "server");
  }

  @Test
  void aBurstOfMessagesWithinTheRateIsServed() throws Exception {
    try (RawClient client = RawClient.open(messages.webSocketPort(), "/echo")) {
      for (int i = 0; i < MESSAGE_BURST; i++) {
        client.sendText("within " + i);
        assertEquals("within " + i, client.readFrame().text());
      }
    }
  }
}
