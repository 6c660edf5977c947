package io.wsgate.gateway.conformance;

import static io.wsgate.gateway.conformance.Conformance.ECHO;
import static io.wsgate.gateway.conformance.Conformance.assertEcho;
import static io.wsgate.gateway.conformance.Conformance.assertFailsWith;
import static io.wsgate.gateway.conformance.Conformance.assertPong;
import static io.wsgate.gateway.conformance.Conformance.assertStillServing;
import static io.wsgate.gateway.conformance.Conformance.concat;
import static io.wsgate.gateway.conformance.Conformance.utf8;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.TestGateway;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 §5.2 (Autobahn 3.x): with no extension negotiated, a frame with any RSV bit set
 * fails the connection with 1002 — on every frame type, in every combination of the three bits.
 */
@ExtendWith(VertxExtension.class)
class ReservedBitsTest {

  private static int port;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    port = TestGateway.start(vertx, TestGateway.config()).webSocketPort();
  }

  static Stream<Arguments> rsvAndOpcodes() {
    List<Arguments> cases = new ArrayList<>();
    String[] names = {"", "RSV3", "RSV2", "RSV2+RSV3", "RSV1", "RSV1+RSV3", "RSV1+RSV2", "RSV1+RSV2+RSV3"};
    int[][] types = {
        {RawClient.OP_TEXT}, {RawClient.OP_BINARY}, {RawClient.OP_PING}, {RawClient.OP_PONG}, {RawClient.OP_CLOSE}};
    String[] typeNames = {"text", "binary", "ping", "pong", "close"};
    for (int rsv = 1; rsv <= 7; rsv++) {
      for (int t = 0; t < types.length; t++) {
        cases.add(Arguments.of(names[rsv] + " on " + typeNames[t], rsv, types[t][0]));
      }
    }
    return cases.stream();
  }

  private static byte[] payloadFor(int opcode) {
    return opcode == RawClient.OP_CLOSE ? new byte[] {0x03, (byte) 0xE8} : utf8("reserved");
  }

  @ParameterizedTest(name = "{0} -> 1002")
  @MethodSource("rsvAndOpcodes")
  void reservedBitFailsWith1002(String label, int rsv, int opcode) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(client.frame(true, rsv, opcode, payloadFor(opcode)));
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }

  @ParameterizedTest(name = "RSV {0} on a continuation frame -> 1002")
  @ValueSource(ints = {1, 2, 4, 7})
  void reservedBitOnContinuationFailsWith1002(int rsv) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(concat(
          client.frame(false, 0, RawClient.OP_TEXT, utf8("first ")),
          client.frame(true, rsv, RawClient.OP_CONTINUATION, utf8("second"))));
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }

  /**
   * Autobahn 3.2: a valid message, then the bad frame, in the same TCP write. The valid message
   * was received before the error, so its echo must come back before the Close.
   */
  @ParameterizedTest(name = "RSV {0} after a valid text in the same write")
  @ValueSource(ints = {1, 2, 4})
  void validEchoInSameWriteBeforeBadFrameComesBackFirst(int rsv) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(concat(
          client.frame(true, 0, RawClient.OP_TEXT, utf8("valid first")),
          client.frame(true, rsv, RawClient.OP_TEXT, utf8("bad")),
          client.frame(true, 0, RawClient.OP_PING, utf8("never answered"))));
      assertEcho(client, RawClient.OP_TEXT, utf8("valid first"));
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }

  /** Autobahn 3.3: the valid message echo is awaited before the bad frame is sent. */
  @Test
  void badFrameAfterAnEchoedMessageFailsWith1002() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendText("first");
      assertEcho(client, RawClient.OP_TEXT, utf8("first"));
      client.write(client.frame(true, 0b011, RawClient.OP_TEXT, utf8("bad")));
      assertFailsWith(client, 1002);
    }
  }

  /** A ping before the bad frame in the same write is answered (control frames are handled inline). */
  @Test
  void pingInSameWriteBeforeBadFrameIsAnsweredFirst() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(concat(
          client.frame(true, 0, RawClient.OP_PING, utf8("before")),
          client.frame(true, 0b010, RawClient.OP_BINARY, new byte[] {1, 2, 3})));
      assertPong(client, utf8("before"));
      assertFailsWith(client, 1002);
    }
  }

  @Test
  void reservedBitFrameWrittenOneBytePerWrite() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      Conformance.writeByteByByteUntilClosed(client, client.frame(true, 0b100, RawClient.OP_BINARY, new byte[] {0, 1, 2}));
      assertFailsWith(client, 1002);
    }
  }
}
