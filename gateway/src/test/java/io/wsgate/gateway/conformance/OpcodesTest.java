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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 §5.2/§11.8 (Autobahn 4.x): reserved opcodes 3–7 and 0xB–0xF fail with 1002. */
@ExtendWith(VertxExtension.class)
class OpcodesTest {

  private static int port;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    port = TestGateway.start(vertx, TestGateway.config()).webSocketPort();
  }

  @ParameterizedTest(name = "opcode {0} -> 1002")
  @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
  void reservedOpcodeFailsWith1002(int opcode) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(client.frame(true, 0, opcode, utf8("reserved opcode")));
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }

  @ParameterizedTest(name = "opcode {0}, empty, FIN=0 -> 1002")
  @ValueSource(ints = {3, 7, 0xB, 0xF})
  void reservedOpcodeWithoutFinOrPayloadFailsWith1002(int opcode) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(client.frame(false, 0, opcode, new byte[0]));
      assertFailsWith(client, 1002);
    }
  }

  /** Autobahn 4.1.2/4.2.2 pattern: a valid message (echoed), then the reserved opcode. */
  @ParameterizedTest(name = "opcode {0} after a valid message -> 1002")
  @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
  void reservedOpcodeAfterValidMessageFailsWith1002(int opcode) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendText("valid");
      assertEcho(client, RawClient.OP_TEXT, utf8("valid"));
      client.write(client.frame(true, 0, opcode, utf8("reserved")));
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }

  /** A reserved opcode inside an open fragmented message also fails it. */
  @ParameterizedTest(name = "opcode {0} between fragments -> 1002")
  @ValueSource(ints = {3, 0xB})
  void reservedOpcodeBetweenFragmentsFailsWith1002(int opcode) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(concat(
          client.frame(false, 0, RawClient.OP_TEXT, utf8("start")),
          client.frame(true, 0, RawClient.OP_PING, utf8("ok")),
          client.frame(true, 0, opcode, utf8("bad"))));
      assertPong(client, utf8("ok"));
      assertFailsWith(client, 1002);
    }
  }

  @ParameterizedTest(name = "opcode {0} one byte per write -> 1002")
  @ValueSource(ints = {5, 0xD})
  void reservedOpcodeWrittenOneBytePerWrite(int opcode) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      Conformance.writeByteByByteUntilClosed(client, client.frame(true, 0, opcode, utf8("slow")));
      assertFailsWith(client, 1002);
    }
  }
}
