package io.wsgate.gateway.conformance;

import static io.wsgate.gateway.conformance.Conformance.ECHO;
import static io.wsgate.gateway.conformance.Conformance.assertCloseFrame;
import static io.wsgate.gateway.conformance.Conformance.assertEcho;
import static io.wsgate.gateway.conformance.Conformance.assertFailsWith;
import static io.wsgate.gateway.conformance.Conformance.assertNothingThenTcpClosed;
import static io.wsgate.gateway.conformance.Conformance.assertStillServing;
import static io.wsgate.gateway.conformance.Conformance.concat;
import static io.wsgate.gateway.conformance.Conformance.hex;
import static io.wsgate.gateway.conformance.Conformance.readOrFail;
import static io.wsgate.gateway.conformance.Conformance.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.RawClient.ServerFrame;
import io.wsgate.gateway.testing.TestGateway;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 §5.5.1 Close, §7 closing the connection, §7.4 status codes (Autobahn 7.x): a valid
 * Close is answered with the same code and TCP is closed by the server; a malformed Close body
 * fails with 1002 (or 1007 for a reason that is not UTF-8); nothing is processed after a Close.
 */
@ExtendWith(VertxExtension.class)
class CloseHandshakeTest {

  private static int port;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    port = TestGateway.start(vertx, TestGateway.config()).webSocketPort();
  }

  private static byte[] closeBody(int code, byte[] reason) {
    return concat(new byte[] {(byte) (code >> 8), (byte) code}, reason);
  }

  @ParameterizedTest(name = "Close {0} -> Close {0}")
  @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
      4999})
  void validCodeIsEchoedThenServerClosesTcp(int code) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendClose(code, "");
      assertFailsWith(client, code); // same shape: exactly one Close with the code, then TCP closed
    }
    assertStillServing(port);
  }

  @Test
  void emptyCloseIsAnsweredWithEmptyClose() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, RawClient.OP_CLOSE, new byte[0]);
      ServerFrame close = readOrFail(client, "empty Close");
      assertEquals(RawClient.OP_CLOSE, close.opcode());
      assertEquals(0, close.payload().length, "an empty Close is answered without a status code (§5.5.1)");
      assertNothingThenTcpClosed(client);
    }
  }

  static Stream<Arguments> reasons() {
    return Stream.of(
        Arguments.of("ASCII reason", utf8("bye")),
        Arguments.of("multi-byte reason", utf8("Tschüß 👋 κόσμε")),
        Arguments.of("123-byte reason (largest allowed)", utf8("r".repeat(123))),
        Arguments.of("123-byte reason ending in a 4-byte character", utf8("x".repeat(119) + "😀")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reasons")
  void closeWithReasonGetsCodeEchoed(String label, byte[] reason) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, RawClient.OP_CLOSE, closeBody(4321, reason));
      assertFailsWith(client, 4321);
    }
  }

  @Test
  void closeWrittenOneBytePerWrite() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.writeByteByByte(client.frame(true, 0, RawClient.OP_CLOSE, closeBody(1000, utf8("slow"))));
      assertFailsWith(client, 1000);
    }
  }

  @ParameterizedTest(name = "Close {0} -> 1002")
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
  void invalidCodeFailsWith1002(int code) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendClose(code, "");
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }

  @Test
  void oneByteClosePayloadFailsWith1002() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, RawClient.OP_CLOSE, new byte[] {0x03});
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }

  @Test
  void closePayloadOf126BytesFailsWith1002() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, RawClient.OP_CLOSE, closeBody(1000, utf8("r".repeat(124))));
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }

  static Stream<Arguments> invalidReasons() {
    return Stream.of(
        Arguments.of("surrogate", hex("eda080")),
        Arguments.of("overlong", hex("c080")),
        Arguments.of("kosme + F4 90 80 80", concat(utf8("κόσμε"), hex("f4908080"))),
        Arguments.of("truncated at the end", concat(utf8("bye "), hex("e282"))),
        Arguments.of("lone FF", hex("ff")));
  }

  @ParameterizedTest(name = "reason {0} -> 1007")
  @MethodSource("invalidReasons")
  void closeReasonWithInvalidUtf8FailsWith1007(String label, byte[] reason) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, RawClient.OP_CLOSE, closeBody(1000, reason));
      assertFailsWith(client, 1007);
    }
    assertStillServing(port);
  }

  // ---- nothing after the Close -----------------------------------------------------------------

  /** Autobahn 7.1.3/7.1.4: frames after the client's Close are not processed. */
  @Test
  void dataAndPingAfterTheCloseAreIgnored() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(concat(
          client.frame(true, 0, RawClient.OP_CLOSE, closeBody(1000, new byte[0])),
          client.frame(true, 0, RawClient.OP_TEXT, utf8("after close")),
          client.frame(true, 0, RawClient.OP_BINARY, new byte[] {1, 2}),
          client.frame(true, 0, RawClient.OP_PING, utf8("after close"))));
      assertCloseFrame(readOrFail(client, "Close 1000"), 1000);
      assertNothingThenTcpClosed(client);
    }
    assertStillServing(port);
  }

  @Test
  void dataSentInALaterWriteAfterTheCloseIsIgnored() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendClose(1000, "");
      try {
        client.sendText("too late");
      } catch (IOException alreadyClosed) {
        // the server may already have closed TCP
      }
      assertCloseFrame(readOrFail(client, "Close 1000"), 1000);
      assertNothingThenTcpClosed(client);
    }
  }

  /** Autobahn 7.1.2: a second Close gets no second answer. */
  @Test
  void secondCloseIsIgnored() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(concat(
          client.frame(true, 0, RawClient.OP_CLOSE, closeBody(1000, new byte[0])),
          client.frame(true, 0, RawClient.OP_CLOSE, closeBody(1001, new byte[0]))));
      assertCloseFrame(readOrFail(client, "Close 1000"), 1000);
      assertNothingThenTcpClosed(client);
    }
  }

  /** Autobahn 7.1.5: a fragmented message left open by the Close is never delivered. */
  @Test
  void fragmentedMessageInterruptedByCloseIsDropped() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(concat(
          client.frame(false, 0, RawClient.OP_TEXT, utf8("frag")),
          client.frame(true, 0, RawClient.OP_CLOSE, closeBody(1000, new byte[0])),
          client.frame(true, 0, RawClient.OP_CONTINUATION, utf8("ment"))));
      assertCloseFrame(readOrFail(client, "Close 1000"), 1000);
      assertNothingThenTcpClosed(client);
    }
  }

  /** An invalid frame after the Close is not parsed either: the answer is still the echoed code. */
  @Test
  void invalidFrameAfterTheCloseIsNotParsed() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(concat(
          client.frame(true, 0, RawClient.OP_CLOSE, closeBody(3001, new byte[0])),
          client.frame(true, 0b111, 0xB, utf8("garbage"))));
      assertCloseFrame(readOrFail(client, "Close 3001"), 3001);
      assertNothingThenTcpClosed(client);
    }
  }

  /**
   * Autobahn 7.1.1: a message followed at once by a Close (same write). The message was received
   * before the Close, so its echo must be sent before the server's Close (§5.5.1 lets an
   * endpoint finish sending its message before answering the Close).
   */
  @Test
  void messageFollowedByCloseIsEchoedBeforeTheClose() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(concat(
          client.frame(true, 0, RawClient.OP_TEXT, utf8("Hello World!")),
          client.frame(true, 0, RawClient.OP_CLOSE, closeBody(1000, new byte[0]))));
      assertEcho(client, RawClient.OP_TEXT, utf8("Hello World!"));
      assertFailsWith(client, 1000);
    }
  }

  // ---- server-initiated close (§7.1.2: the server sends Close, waits for the client's) ----------

  private static Gateway startDrainable(Vertx vertx) throws Exception {
    JsonObject config = TestGateway.config();
    config.getJsonObject("limits").put("closeTimeoutMs", 300);
    return TestGateway.start(vertx, config);
  }

  @Test
  void serverInitiatedCloseCompletesWhenTheClientAnswers(Vertx vertx) throws Exception {
    Gateway gateway = startDrainable(vertx);
    try (RawClient client = RawClient.open(gateway.webSocketPort(), ECHO)) {
      Future<Void> drained = gateway.drain();
      ServerFrame close = readOrFail(client, "Close 1001 on shutdown");
      assertCloseFrame(close, 1001);
      // Data sent after the server's Close is not echoed; then the client answers the Close.
      client.sendText("late");
      client.sendClose(1001, "");
      assertNothingThenTcpClosed(client);
      drained.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void serverInitiatedCloseDropsAClientThatNeverAnswers(Vertx vertx) throws Exception {
    Gateway gateway = startDrainable(vertx);
    try (RawClient client = RawClient.open(gateway.webSocketPort(), ECHO)) {
      long start = System.nanoTime();
      Future<Void> drained = gateway.drain();
      assertCloseFrame(readOrFail(client, "Close 1001 on shutdown"), 1001);
      assertNothingThenTcpClosed(client);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 250, "dropped after " + millis + " ms: the server must wait for the client's Close");
      assertTrue(millis < 1500, "dropped after " + millis + " ms (closeTimeoutMs 300)");
      drained.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void echoedMessageThenCloseIsClean() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendText("Hello World!");
      assertEcho(client, RawClient.OP_TEXT, utf8("Hello World!"));
      client.sendClose(1000, "");
      assertFailsWith(client, 1000);
    }
  }
}
