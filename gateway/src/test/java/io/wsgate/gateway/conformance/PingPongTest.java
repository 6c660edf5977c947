package io.wsgate.gateway.conformance;

import static io.wsgate.gateway.conformance.Conformance.ECHO;
import static io.wsgate.gateway.conformance.Conformance.assertCloseFrame;
import static io.wsgate.gateway.conformance.Conformance.assertEcho;
import static io.wsgate.gateway.conformance.Conformance.assertFailsWith;
import static io.wsgate.gateway.conformance.Conformance.assertPong;
import static io.wsgate.gateway.conformance.Conformance.assertStillServing;
import static io.wsgate.gateway.conformance.Conformance.concat;
import static io.wsgate.gateway.conformance.Conformance.randomBytes;
import static io.wsgate.gateway.conformance.Conformance.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.RawClient.ServerFrame;
import io.wsgate.gateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 6455 §5.5.2 Ping, §5.5.3 Pong (Autobahn 2.x), and the server's own keep-alive pings. */
@ExtendWith(VertxExtension.class)
class PingPongTest {

  private static final long PING_INTERVAL_MS = 200;
  private static final long PING_TIMEOUT_MS = 300;

  private static int port;
  private static int keepAlivePort;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    port = TestGateway.start(vertx, TestGateway.config()).webSocketPort();
    JsonObject keepAlive = TestGateway.config();
    keepAlive.getJsonObject("limits").put("pingIntervalMs", PING_INTERVAL_MS).put("pingTimeoutMs", PING_TIMEOUT_MS);
    keepAlivePort = TestGateway.start(vertx, keepAlive).webSocketPort();
  }

  static Stream<Arguments> validPings() {
    return Stream.of(
        Arguments.of("empty", new byte[0]),
        Arguments.of("text", utf8("Hello, world!")),
        Arguments.of("binary 0x00..0xFF", randomBytes(64, 22)),
        Arguments.of("125 bytes", randomBytes(125, 125)));
  }

  @ParameterizedTest(name = "ping {0} -> identical pong")
  @MethodSource("validPings")
  void pingIsAnsweredWithIdenticalPong(String label, byte[] payload) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, RawClient.OP_PING, payload);
      assertPong(client, payload);
    }
  }

  @ParameterizedTest(name = "ping {0}, one byte per write -> identical pong")
  @MethodSource("validPings")
  void pingWrittenOneBytePerWrite(String label, byte[] payload) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.writeByteByByte(client.frame(true, 0, RawClient.OP_PING, payload));
      assertPong(client, payload);
    }
  }

  @Test
  void pingOf126BytesFailsWith1002() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, RawClient.OP_PING, randomBytes(126, 126));
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }

  @Test
  void pingAnnouncingA64BitLengthFailsWith1002WithoutPayload() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      // FIN+Ping, masked, 64-bit length 65536: only the header is sent.
      client.write(new byte[] {(byte) 0x89, (byte) 0xFF, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4});
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }

  @Test
  void fragmentedPingFailsWith1002() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(false, RawClient.OP_PING, utf8("frag"));
      Conformance.writeUntilClosed(client, client.frame(true, 0, RawClient.OP_CONTINUATION, utf8("ment")));
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }

  @Test
  void unsolicitedPongIsIgnored() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, RawClient.OP_PONG, utf8("unsolicited"));
      client.sendFrame(true, RawClient.OP_PONG, new byte[0]);
      client.sendText("after pongs");
      assertEcho(client, RawClient.OP_TEXT, utf8("after pongs"));
    }
  }

  @Test
  void tenPingsGiveTenPongsInOrder() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      for (int i = 0; i < 10; i++) {
        client.sendFrame(true, RawClient.OP_PING, utf8("ping " + i));
      }
      for (int i = 0; i < 10; i++) {
        assertPong(client, utf8("ping " + i));
      }
      client.sendText("done");
      assertEcho(client, RawClient.OP_TEXT, utf8("done"));
    }
  }

  @Test
  void tenPingsInOneWriteOneBytePerWrite() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int i = 0; i < 10; i++) {
        all.writeBytes(client.frame(true, 0, RawClient.OP_PING, utf8("p" + i)));
      }
      client.writeByteByByte(all.toByteArray());
      for (int i = 0; i < 10; i++) {
        assertPong(client, utf8("p" + i));
      }
    }
  }

  @Test
  void pingInsideFragmentedTextIsAnsweredFirstAndMessageStaysIntact() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(concat(
          client.frame(false, 0, RawClient.OP_TEXT, utf8("Hello, ")),
          client.frame(true, 0, RawClient.OP_PING, utf8("in between")),
          client.frame(false, 0, RawClient.OP_CONTINUATION, utf8("fragmented ")),
          client.frame(true, 0, RawClient.OP_PONG, utf8("ignored")),
          client.frame(true, 0, RawClient.OP_CONTINUATION, utf8("world"))));
      assertPong(client, utf8("in between"));
      assertEcho(client, RawClient.OP_TEXT, utf8("Hello, fragmented world"));
    }
  }

  // ---- server keep-alive -----------------------------------------------------------------------

  @Test
  void clientAnsweringServerPingsStaysOpen() throws IOException {
    try (RawClient client = RawClient.open(keepAlivePort, ECHO)) {
      client.setTimeout(100);
      long end = System.nanoTime() + 1_500_000_000L;
      int pings = 0;
      while (System.nanoTime() < end) {
        ServerFrame frame;
        try {
          frame = client.readFrame();
        } catch (SocketTimeoutException idle) {
          continue;
        }
        if (frame.opcode() == RawClient.OP_PING) {
          pings++;
          client.sendFrame(true, RawClient.OP_PONG, frame.payload());
        } else {
          fail("unexpected frame from the server: opcode " + frame.opcode() + " code " + frame.closeCode());
        }
      }
      assertTrue(pings >= 1, "an idle connection must be pinged (pingIntervalMs " + PING_INTERVAL_MS + ")");
      client.setTimeout(3000);
      client.sendText("still open");
      ServerFrame echo = client.readFrame();
      while (echo.opcode() == RawClient.OP_PING) {
        echo = client.readFrame();
      }
      Conformance.assertDataFrame(echo, RawClient.OP_TEXT, utf8("still open"));
    }
  }

  @Test
  void clientNotAnsweringServerPingsIsClosedWith1001() throws IOException {
    long budget = PING_INTERVAL_MS + PING_TIMEOUT_MS + 1000;
    try (RawClient client = RawClient.open(keepAlivePort, ECHO)) {
      long start = System.nanoTime();
      client.setTimeout((int) budget);
      ServerFrame frame = client.readFrame();
      assertEquals(RawClient.OP_PING, frame.opcode(), "the server pings an idle client first");
      ServerFrame close;
      try {
        close = client.readFrame();
      } catch (SocketTimeoutException stillOpen) {
        throw new AssertionError("no Close and no TCP close within " + budget + " ms of not answering a Ping");
      } catch (IOException closedWithoutCloseFrame) {
        close = null; // TCP closed without a Close frame: acceptable
      }
      if (close != null) {
        assertCloseFrame(close, 1001);
        assertTrue(client.serverClosedTcp(), "TCP must be closed after the ping-timeout Close");
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis <= budget, "closed after " + millis + " ms");
      assertTrue(millis >= PING_INTERVAL_MS + PING_TIMEOUT_MS - 100, "closed too early: " + millis + " ms");
    }
    assertStillServing(keepAlivePort);
  }
}
