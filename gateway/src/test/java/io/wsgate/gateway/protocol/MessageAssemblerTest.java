package io.wsgate.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.wsgate.api.MessageType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 §5.4 fragmentation, the message size limit (§10.4) and UTF-8 for text (§8.1). */
class MessageAssemblerTest {

  private static final long MAX = 1 << 20;

  private record Message(MessageType type, byte[] payload) {
  }

  private final List<Message> messages = new ArrayList<>();

  private MessageAssembler assembler(long maxMessageSize) {
    return new MessageAssembler(maxMessageSize, (type, payload) -> messages.add(new Message(type, payload.getBytes())));
  }

  private static byte[] bytes(String hex) {
    return io.wsgate.gateway.testing.Bytes.hex(hex);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** One data frame as the parser streams it: start, each non-empty chunk, end. */
  private static void frame(MessageAssembler assembler, boolean fin, OpCode opCode, byte[]... chunks) {
    long length = 0;
    for (byte[] chunk : chunks) {
      length += chunk.length;
    }
    assembler.onDataFrameStart(fin, opCode, length);
    for (byte[] chunk : chunks) {
      if (chunk.length > 0) {
        assembler.onDataPayload(Buffer.buffer(chunk));
      }
    }
    assembler.onDataFrameEnd();
  }

  private void assertMessages(Message... expected) {
    assertEquals(expected.length, messages.size(), "message count");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].type(), messages.get(i).type(), "type of message " + i);
      assertArrayEquals(expected[i].payload(), messages.get(i).payload(), "payload of message " + i);
    }
  }

  private static void assertFails(Class<? extends WebSocketException> type, CloseCode code, Executable call) {
    FrameParserTest.assertError(assertThrows(type, call), type, code);
  }

  // ---- single frames ---------------------------------------------------------------------------

  @Test
  void singleFrameTextIsOneMessage() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, true, OpCode.TEXT, utf8("Hello"));
    assertMessages(new Message(MessageType.TEXT, utf8("Hello")));
    assertFalse(assembler.isMessageOpen());
  }

  @Test
  void singleFrameBinaryIsOneMessage() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, true, OpCode.BINARY, bytes("00 ff 80 c0")); // not UTF-8, and need not be
    assertMessages(new Message(MessageType.BINARY, bytes("00 ff 80 c0")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"TEXT, TEXT", "BINARY, BINARY"})
  void emptySingleFrameIsAnEmptyMessage(OpCode opCode, MessageType type) {
    frame(assembler(MAX), true, opCode);
    assertMessages(new Message(type, new byte[0]));
  }

  @Test
  void chunksOfOneFrameAreJoined() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, true, OpCode.TEXT, utf8("He"), utf8("l"), utf8("lo"));
    assertMessages(new Message(MessageType.TEXT, utf8("Hello")));
  }

  // ---- fragmented messages (§5.4) --------------------------------------------------------------

  @Test
  void twoFragmentTextIsOneMessage() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, false, OpCode.TEXT, utf8("Hel"));
    assertTrue(assembler.isMessageOpen());
    assertMessages();
    frame(assembler, true, OpCode.CONTINUATION, utf8("lo"));
    assertFalse(assembler.isMessageOpen());
    assertMessages(new Message(MessageType.TEXT, utf8("Hello")));
  }

  @Test
  void threeFragmentBinaryIsOneMessage() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, false, OpCode.BINARY, bytes("01 02"));
    frame(assembler, false, OpCode.CONTINUATION, bytes("03"), bytes("04 05"));
    assertMessages();
    frame(assembler, true, OpCode.CONTINUATION, bytes("06"));
    assertMessages(new Message(MessageType.BINARY, bytes("01 02 03 04 05 06")));
  }

  @Test
  void threeFragmentTextWithEmptyFragmentsIsOneMessage() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, false, OpCode.TEXT);
    frame(assembler, false, OpCode.CONTINUATION, utf8("Hello"));
    frame(assembler, true, OpCode.CONTINUATION);
    assertMessages(new Message(MessageType.TEXT, utf8("Hello")));
  }

  @Test
  void twoEmptyFragmentsAreAnEmptyMessage() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, false, OpCode.BINARY);
    frame(assembler, true, OpCode.CONTINUATION);
    assertMessages(new Message(MessageType.BINARY, new byte[0]));
  }

  @Test
  void continuationWithNoOpenMessageIsProtocolError() {
    MessageAssembler assembler = assembler(MAX);
    assertFails(ProtocolException.class, CloseCode.PROTOCOL_ERROR,
        () -> assembler.onDataFrameStart(true, OpCode.CONTINUATION, 0));
  }

  @Test
  void continuationAfterACompleteMessageIsProtocolError() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, true, OpCode.TEXT, utf8("done"));
    assertFails(ProtocolException.class, CloseCode.PROTOCOL_ERROR,
        () -> assembler.onDataFrameStart(false, OpCode.CONTINUATION, 1));
  }

  @ParameterizedTest(name = "{1} while a {0} message is open")
  @CsvSource({"TEXT, TEXT", "TEXT, BINARY", "BINARY, TEXT", "BINARY, BINARY"})
  void newDataFrameWhileAMessageIsOpenIsProtocolError(OpCode open, OpCode next) {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, false, open, utf8("a"));
    assertFails(ProtocolException.class, CloseCode.PROTOCOL_ERROR, () -> assembler.onDataFrameStart(true, next, 1));
    assertMessages();
  }

  @Test
  void assemblerAcceptsANewMessageAfterDeliveringOne() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, false, OpCode.TEXT, utf8("one "));
    frame(assembler, true, OpCode.CONTINUATION, utf8("two"));
    frame(assembler, true, OpCode.BINARY, bytes("ff"));
    frame(assembler, false, OpCode.TEXT, utf8("thr"));
    frame(assembler, true, OpCode.CONTINUATION, utf8("ee"));
    assertMessages(
        new Message(MessageType.TEXT, utf8("one two")),
        new Message(MessageType.BINARY, bytes("ff")),
        new Message(MessageType.TEXT, utf8("three")));
  }

  // ---- size limit ------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource({"TEXT, TEXT", "BINARY, BINARY"})
  void singleFrameMessageAtTheLimitPasses(OpCode opCode, MessageType type) {
    frame(assembler(10), true, opCode, utf8("0123456789"));
    assertMessages(new Message(type, utf8("0123456789")));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"TEXT", "BINARY"})
  void singleFrameMessageOverTheLimitIsMessageTooBig(OpCode opCode) {
    MessageAssembler assembler = assembler(10);
    // Thrown at the frame start: the payload never has to arrive.
    assertFails(MessageTooBigException.class, CloseCode.MESSAGE_TOO_BIG,
        () -> assembler.onDataFrameStart(true, opCode, 11));
  }

  @Test
  void fragmentedMessageAtTheLimitPasses() {
    MessageAssembler assembler = assembler(10);
    frame(assembler, false, OpCode.TEXT, utf8("01234"));
    frame(assembler, false, OpCode.CONTINUATION, utf8("567"));
    frame(assembler, true, OpCode.CONTINUATION, utf8("89"));
    assertMessages(new Message(MessageType.TEXT, utf8("0123456789")));
  }

  @Test
  void fragmentedMessageOverTheLimitIsMessageTooBigAtTheFrameStart() {
    MessageAssembler assembler = assembler(10);
    frame(assembler, false, OpCode.BINARY, utf8("01234"));
    frame(assembler, false, OpCode.CONTINUATION, utf8("567"));
    assertFails(MessageTooBigException.class, CloseCode.MESSAGE_TOO_BIG,
        () -> assembler.onDataFrameStart(true, OpCode.CONTINUATION, 3));
  }

  @Test
  void sizeLimitAppliesToEachMessageAfresh() {
    MessageAssembler assembler = assembler(10);
    frame(assembler, false, OpCode.TEXT, utf8("01234"));
    frame(assembler, true, OpCode.CONTINUATION, utf8("56789"));
    frame(assembler, false, OpCode.BINARY, utf8("abcde"));
    frame(assembler, true, OpCode.CONTINUATION, utf8("fghij"));
    assertMessages(
        new Message(MessageType.TEXT, utf8("0123456789")),
        new Message(MessageType.BINARY, utf8("abcdefghij")));
  }

  // ---- UTF-8 (§8.1) ----------------------------------------------------------------------------

  @Test
  void invalidUtf8InTheFirstFragmentIsInvalidPayload() {
    MessageAssembler assembler = assembler(MAX);
    assembler.onDataFrameStart(false, OpCode.TEXT, 3);
    assertFails(InvalidPayloadException.class, CloseCode.INVALID_PAYLOAD,
        () -> assembler.onDataPayload(Buffer.buffer(bytes("61 ff 62")))); // "a", 0xFF (never valid), "b"
  }

  @Test
  void invalidUtf8InAMiddleFragmentIsInvalidPayload() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, false, OpCode.TEXT, utf8("ok "));
    assembler.onDataFrameStart(false, OpCode.CONTINUATION, 2);
    assertFails(InvalidPayloadException.class, CloseCode.INVALID_PAYLOAD,
        () -> assembler.onDataPayload(Buffer.buffer(bytes("c0 af")))); // overlong "/"
  }

  @Test
  void invalidUtf8InTheLastFragmentIsInvalidPayload() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, false, OpCode.TEXT, utf8("ok "));
    frame(assembler, false, OpCode.CONTINUATION, utf8("still ok "));
    assembler.onDataFrameStart(true, OpCode.CONTINUATION, 3);
    assertFails(InvalidPayloadException.class, CloseCode.INVALID_PAYLOAD,
        () -> assembler.onDataPayload(Buffer.buffer(bytes("ed a0 80")))); // UTF-16 surrogate U+D800
    assertMessages();
  }

  @ParameterizedTest(name = "cut after {0} of 4 bytes")
  @ValueSource(ints = {1, 2, 3})
  void fourByteCodePointCutAcrossFragmentsIsValid(int cut) {
    byte[] grin = bytes("f0 9f 98 80"); // U+1F600
    byte[] head = new byte[cut];
    byte[] tail = new byte[4 - cut];
    System.arraycopy(grin, 0, head, 0, cut);
    System.arraycopy(grin, cut, tail, 0, 4 - cut);
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, false, OpCode.TEXT, head);
    frame(assembler, true, OpCode.CONTINUATION, tail);
    assertMessages(new Message(MessageType.TEXT, grin));
  }

  @Test
  void fourByteCodePointCutAcrossThreeFragmentsAndChunksIsValid() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, false, OpCode.TEXT, bytes("61 f0"));            // "a", first byte of U+1F600
    frame(assembler, false, OpCode.CONTINUATION, bytes("9f"), bytes("98"));
    frame(assembler, true, OpCode.CONTINUATION, bytes("80 62"));     // last byte, "b"
    assertMessages(new Message(MessageType.TEXT, bytes("61 f0 9f 98 80 62")));
  }

  @Test
  void nonFinalFragmentMayEndMidCodePoint() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, false, OpCode.TEXT, bytes("c3")); // first byte of "é"
    assertTrue(assembler.isMessageOpen());
    frame(assembler, true, OpCode.CONTINUATION, bytes("a9"));
    assertMessages(new Message(MessageType.TEXT, utf8("é")));
  }

  @Test
  void textMessageEndingMidCodePointIsInvalidPayload() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, false, OpCode.TEXT, utf8("ok"));
    assembler.onDataFrameStart(true, OpCode.CONTINUATION, 3);
    assembler.onDataPayload(Buffer.buffer(bytes("f0 9f 98"))); // 3 of the 4 bytes of U+1F600
    assertFails(InvalidPayloadException.class, CloseCode.INVALID_PAYLOAD, assembler::onDataFrameEnd);
    assertMessages();
  }

  @Test
  void singleFrameTextEndingMidCodePointIsInvalidPayload() {
    MessageAssembler assembler = assembler(MAX);
    assembler.onDataFrameStart(true, OpCode.TEXT, 1);
    assembler.onDataPayload(Buffer.buffer(bytes("c3"))); // first byte of "é"
    assertFails(InvalidPayloadException.class, CloseCode.INVALID_PAYLOAD, assembler::onDataFrameEnd);
  }

  @Test
  void invalidUtf8FailsFastInTheFirstChunkOfALargeFrame() {
    MessageAssembler assembler = assembler(MAX);
    // A 100000-byte frame whose first chunk is already bad: fail now, not at the frame end.
    assembler.onDataFrameStart(true, OpCode.TEXT, 100_000);
    assertFails(InvalidPayloadException.class, CloseCode.INVALID_PAYLOAD,
        () -> assembler.onDataPayload(Buffer.buffer(bytes("48 69 fe")))); // "Hi", 0xFE (never valid)
  }

  @Test
  void binaryMessagesAreNotUtf8Checked() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, false, OpCode.BINARY, bytes("f0 9f"));   // would be a cut code point
    frame(assembler, true, OpCode.CONTINUATION, bytes("ff")); // would be invalid
    assertMessages(new Message(MessageType.BINARY, bytes("f0 9f ff")));
  }

  @Test
  void binaryMessageEndingMidCodePointDoesNotLeakIntoTheNextText() {
    MessageAssembler assembler = assembler(MAX);
    frame(assembler, true, OpCode.BINARY, bytes("f0"));
    frame(assembler, true, OpCode.TEXT, bytes("41")); // "A": valid on its own
    assertMessages(new Message(MessageType.BINARY, bytes("f0")), new Message(MessageType.TEXT, utf8("A")));
  }
}
