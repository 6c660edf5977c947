package io.wsgate.gateway.conformance;

import static io.wsgate.gateway.conformance.Conformance.ECHO;
import static io.wsgate.gateway.conformance.Conformance.ascii;
import static io.wsgate.gateway.conformance.Conformance.assertEcho;
import static io.wsgate.gateway.conformance.Conformance.assertFailsWith;
import static io.wsgate.gateway.conformance.Conformance.assertPong;
import static io.wsgate.gateway.conformance.Conformance.assertStillServing;
import static io.wsgate.gateway.conformance.Conformance.concat;
import static io.wsgate.gateway.conformance.Conformance.randomBytes;
import static io.wsgate.gateway.conformance.Conformance.utf8;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6455 §5.4 fragmentation (Autobahn 5.x): messages in any number of fragments (empty ones
 * included) are reassembled, control frames may be interleaved, and every ordering violation
 * fails with 1002.
 */
@ExtendWith(VertxExtension.class)
class FragmentationTest {

  private static int port;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    port = TestGateway.start(vertx, TestGateway.config()).webSocketPort();
  }

  /** The message cut into fragments of the given sizes (the last one takes the rest). */
  private static byte[] fragments(RawClient client, int opcode, byte[] message, int... sizes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    for (int i = 0; i <= sizes.length; i++) {
      int end = i < sizes.length ? Math.min(message.length, at + sizes[i]) : message.length;
      boolean last = i == sizes.length;
      out.writeBytes(client.frame(last, 0, i == 0 ? opcode : RawClient.OP_CONTINUATION,
          Arrays.copyOfRange(message, at, end)));
      at = end;
    }
    return out.toByteArray();
  }

  /** The message cut into {@code count} fragments of (almost) equal size. */
  private static byte[] evenFragments(RawClient client, int opcode, byte[] message, int count) {
    int[] sizes = new int[count - 1];
    Arrays.fill(sizes, Math.max(1, message.length / count));
    return fragments(client, opcode, message, sizes);
  }

  static Stream<Arguments> fragmentedMessages() {
    return Stream.of(
        Arguments.of("text in 2", RawClient.OP_TEXT, utf8("fragment one|fragment two"), 2),
        Arguments.of("binary in 2", RawClient.OP_BINARY, randomBytes(200, 2), 2),
        Arguments.of("text in 10", RawClient.OP_TEXT, ascii(1000), 10),
        Arguments.of("binary in 10", RawClient.OP_BINARY, randomBytes(1000, 10), 10),
        Arguments.of("text in 1000 one-byte fragments", RawClient.OP_TEXT, ascii(1000), 1000),
        Arguments.of("binary in 1000 one-byte fragments", RawClient.OP_BINARY, randomBytes(1000, 1), 1000),
        Arguments.of("text, 64 KiB fragments of 1 MiB", RawClient.OP_TEXT, ascii(1 << 20), 16),
        Arguments.of("binary with 16-bit-length fragments", RawClient.OP_BINARY, randomBytes(70_000, 5), 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fragmentedMessages")
  void fragmentedMessageIsReassembled(String label, int opcode, byte[] message, int count) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(evenFragments(client, opcode, message, count));
      assertEcho(client, opcode, message);
    }
  }

  @ParameterizedTest(name = "{0}, separate writes")
  @MethodSource("fragmentedMessages")
  void fragmentsInSeparateWrites(String label, int opcode, byte[] message, int count) throws IOException {
    if (count > 100) {
      return; // covered by the single-write variant; 1000 writes add nothing here
    }
    try (RawClient client = RawClient.open(port, ECHO)) {
      int size = Math.max(1, message.length / count);
      int at = 0;
      for (int i = 0; i < count; i++) {
        int end = i == count - 1 ? message.length : at + size;
        client.sendFrame(i == count - 1, i == 0 ? opcode : RawClient.OP_CONTINUATION,
            Arrays.copyOfRange(message, at, end));
        at = end;
      }
      assertEcho(client, opcode, message);
    }
  }

  @Test
  void fragmentsWrittenOneBytePerWrite() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.writeByteByByte(fragments(client, RawClient.OP_TEXT, utf8("slow fragmented message"), 4, 0, 7));
      assertEcho(client, RawClient.OP_TEXT, utf8("slow fragmented message"));
      client.writeByteByByte(fragments(client, RawClient.OP_BINARY, randomBytes(300, 3), 130, 1));
      assertEcho(client, RawClient.OP_BINARY, randomBytes(300, 3));
    }
  }

  static Stream<Arguments> zeroLengthFragments() {
    return Stream.of(
        Arguments.of("empty first", new int[] {0}, "payload"),
        Arguments.of("empty last", new int[] {7}, "payload"),
        Arguments.of("empty middle", new int[] {3, 0}, "payload"),
        Arguments.of("all empty", new int[] {0, 0}, ""),
        Arguments.of("many empties", new int[] {0, 0, 1, 0, 0, 2, 0}, "payload"));
  }

  @ParameterizedTest(name = "text: {0}")
  @MethodSource("zeroLengthFragments")
  void zeroLengthFragmentsAreAllowed(String label, int[] sizes, String message) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(fragments(client, RawClient.OP_TEXT, utf8(message), sizes));
      assertEcho(client, RawClient.OP_TEXT, utf8(message));
      client.write(fragments(client, RawClient.OP_BINARY, utf8(message), sizes));
      assertEcho(client, RawClient.OP_BINARY, utf8(message));
    }
  }

  @Test
  void messagesAfterAFragmentedOneAreIndependent() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(concat(
          fragments(client, RawClient.OP_TEXT, utf8("one two three"), 4, 4),
          client.frame(true, 0, RawClient.OP_BINARY, new byte[] {9}),
          fragments(client, RawClient.OP_BINARY, new byte[] {1, 2, 3}, 1),
          client.frame(true, 0, RawClient.OP_TEXT, utf8("single"))));
      assertEcho(client, RawClient.OP_TEXT, utf8("one two three"));
      assertEcho(client, RawClient.OP_BINARY, new byte[] {9});
      assertEcho(client, RawClient.OP_BINARY, new byte[] {1, 2, 3});
      assertEcho(client, RawClient.OP_TEXT, utf8("single"));
    }
  }

  @Test
  void pingsBetweenFragmentsAreAnsweredAndMessageIsIntact() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(concat(
          client.frame(false, 0, RawClient.OP_BINARY, new byte[] {1}),
          client.frame(true, 0, RawClient.OP_PING, utf8("a")),
          client.frame(false, 0, RawClient.OP_CONTINUATION, new byte[] {2}),
          client.frame(true, 0, RawClient.OP_PING, utf8("b")),
          client.frame(true, 0, RawClient.OP_PONG, utf8("unsolicited")),
          client.frame(true, 0, RawClient.OP_CONTINUATION, new byte[] {3})));
      assertPong(client, utf8("a"));
      assertPong(client, utf8("b"));
      assertEcho(client, RawClient.OP_BINARY, new byte[] {1, 2, 3});
    }
  }

  @Test
  void pingsBetweenFragmentsOneBytePerWrite() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.writeByteByByte(concat(
          client.frame(false, 0, RawClient.OP_TEXT, utf8("frag")),
          client.frame(true, 0, RawClient.OP_PING, utf8("ping")),
          client.frame(true, 0, RawClient.OP_CONTINUATION, utf8("ment"))));
      assertPong(client, utf8("ping"));
      assertEcho(client, RawClient.OP_TEXT, utf8("fragment"));
    }
  }

  // ---- ordering violations ---------------------------------------------------------------------

  static Stream<Arguments> orderingViolations() {
    return Stream.of(
        Arguments.of("continuation (FIN) with no message open", (Frames) c -> c.frame(true, 0, RawClient.OP_CONTINUATION,
            utf8("orphan"))),
        Arguments.of("continuation (no FIN) with no message open", (Frames) c -> c.frame(false, 0,
            RawClient.OP_CONTINUATION, utf8("orphan"))),
        Arguments.of("empty continuation with no message open", (Frames) c -> c.frame(true, 0,
            RawClient.OP_CONTINUATION, new byte[0])),
        Arguments.of("new TEXT while text is open", (Frames) c -> concat(
            c.frame(false, 0, RawClient.OP_TEXT, utf8("open")),
            c.frame(true, 0, RawClient.OP_TEXT, utf8("again")))),
        Arguments.of("new BINARY while text is open", (Frames) c -> concat(
            c.frame(false, 0, RawClient.OP_TEXT, utf8("open")),
            c.frame(true, 0, RawClient.OP_BINARY, utf8("again")))),
        Arguments.of("new TEXT (no FIN) while binary is open", (Frames) c -> concat(
            c.frame(false, 0, RawClient.OP_BINARY, utf8("open")),
            c.frame(false, 0, RawClient.OP_TEXT, utf8("again")))),
        Arguments.of("new TEXT after ping while text is open", (Frames) c -> concat(
            c.frame(false, 0, RawClient.OP_TEXT, utf8("open")),
            c.frame(false, 0, RawClient.OP_CONTINUATION, utf8("more")),
            c.frame(true, 0, RawClient.OP_TEXT, utf8("again")))),
        Arguments.of("close with FIN=0", (Frames) c -> c.frame(false, 0, RawClient.OP_CLOSE,
            new byte[] {0x03, (byte) 0xE8})),
        Arguments.of("close with FIN=0 between fragments", (Frames) c -> concat(
            c.frame(false, 0, RawClient.OP_TEXT, utf8("open")),
            c.frame(false, 0, RawClient.OP_CLOSE, new byte[] {0x03, (byte) 0xE8}))),
        Arguments.of("pong with FIN=0", (Frames) c -> c.frame(false, 0, RawClient.OP_PONG, utf8("p"))));
  }

  @Test
  void continuationAfterACompleteMessageFailsWith1002() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendText("done");
      assertEcho(client, RawClient.OP_TEXT, utf8("done"));
      client.sendFrame(true, RawClient.OP_CONTINUATION, utf8("late"));
      assertFailsWith(client, 1002);
    }
  }

  /** Builds the bytes of a case with the client's masking. */
  interface Frames {
    byte[] build(RawClient client);
  }

  @ParameterizedTest(name = "{0} -> 1002")
  @MethodSource("orderingViolations")
  void orderingViolationFailsWith1002(String label, Frames frames) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(frames.build(client));
      assertFailsWith(client, 1002);
    }
    try (RawClient client = RawClient.open(port, ECHO)) {
      Conformance.writeByteByByteUntilClosed(client, frames.build(client));
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }
}
