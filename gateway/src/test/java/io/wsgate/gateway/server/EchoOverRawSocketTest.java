package io.wsgate.gateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.testing.Bytes;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.RawClient.ServerFrame;
import io.wsgate.gateway.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The happy path over raw bytes: handshake, echo, close handshake, on every server instance. */
@ExtendWith(VertxExtension.class)
class EchoOverRawSocketTest {

  private static Gateway gateway;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    gateway = TestGateway.start(vertx, TestGateway.config());
  }

  @Test
  void everyConnectionOnTheSharedPortEchoes() throws Exception {
    // Two server instances share one ephemeral port; connections alternate between them.
    for (int i = 0; i < 4; i++) {
      try (RawClient client = RawClient.open(gateway.webSocketPort(), "/echo")) {
        client.sendText("hello " + i);
        ServerFrame echo = client.readFrame();
        assertEquals(RawClient.OP_TEXT, echo.opcode());
        assertEquals("hello " + i, echo.text());
        assertTrue(echo.fin());
        assertEquals(false, echo.masked(), "server frames must not be masked (RFC 6455 §5.1)");
      }
    }
  }

  @Test
  void handshakeAndFramesInOneWriteAreAllProcessed() throws Exception {
    try (RawClient client = RawClient.connect(gateway.webSocketPort())) {
      byte[] head = RawClient.upgradeRequest("/echo", "").getBytes(StandardCharsets.ISO_8859_1);
      byte[] one = client.frame(true, 0, RawClient.OP_TEXT, "one".getBytes(StandardCharsets.UTF_8));
      byte[] two = client.frame(true, 0, RawClient.OP_BINARY, new byte[] {1, 2, 3});
      client.write(Bytes.concat(head, one, two));
      assertEquals(101, client.readHttpResponse().status());
      assertEquals("one", client.readFrame().text());
      ServerFrame binary = client.readFrame();
      assertEquals(RawClient.OP_BINARY, binary.opcode());
      assertArrayEquals(new byte[] {1, 2, 3}, binary.payload());
    }
  }

  @Test
  void pipelinedLargeMessagesAllComeBackThroughBackpressure() throws Exception {
    // 48 MiB pipelined against a 1 MiB high-water mark: reading pauses and resumes many times.
    int count = 48;
    byte[][] payloads = new byte[count][];
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < count; i++) {
      payloads[i] = new byte[1 << 20];
      random.nextBytes(payloads[i]);
    }
    try (RawClient client = RawClient.open(gateway.webSocketPort(), "/echo")) {
      client.setTimeout(20_000);
      Thread writer = new Thread(() -> {
        try {
          for (byte[] payload : payloads) {
            client.write(client.frame(true, 0, RawClient.OP_BINARY, payload));
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      writer.start();
      // Read nothing for a while: echoes pile up past the high-water mark and the server stops
      // reading; it must resume once this client catches up, or the rest never comes back.
      Thread.sleep(1500);
      for (int i = 0; i < count; i++) {
        ServerFrame echo = client.readFrame();
        assertEquals(RawClient.OP_BINARY, echo.opcode());
        assertArrayEquals(payloads[i], echo.payload(), "echo " + i);
      }
      writer.join(20_000);
    }
  }

  @Test
  void oneBytePerWriteStillEchoes() throws Exception {
    try (RawClient client = RawClient.connect(gateway.webSocketPort())) {
      client.writeByteByByte(RawClient.upgradeRequest("/echo", "").getBytes(StandardCharsets.ISO_8859_1));
      assertEquals(101, client.readHttpResponse().status());
      client.writeByteByByte(client.frame(true, 0, RawClient.OP_TEXT, "slow".getBytes(StandardCharsets.UTF_8)));
      assertEquals("slow", client.readFrame().text());
    }
  }

  @Test
  void clientCloseIsEchoedThenServerClosesTcp() throws Exception {
    try (RawClient client = RawClient.open(gateway.webSocketPort(), "/echo")) {
      client.sendClose(4001, "bye");
      ServerFrame close = client.readFrame();
      assertEquals(RawClient.OP_CLOSE, close.opcode());
      assertEquals(4001, close.closeCode());
      assertTrue(client.serverClosedTcp());
    }
  }

}
