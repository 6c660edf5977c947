package io.wsgate.gateway.protocol;

import static io.wsgate.gateway.protocol.RecordingListener.assertFrames;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 §5.1–§5.7 framing, as seen by a server. Every input goes through {@link #runAllWays}:
 * whole, split in two at every byte offset, and one byte per feed, with identical outcomes.
 */
class FrameParserTest {

  private static final long MAX = 1 << 20;
  /** The masking key of the RFC 6455 §5.7 examples. */
  private static final String KEY = "37 fa 21 3d";
  private static final byte[] KEY_BYTES = bytes(KEY);

  // ---- fixtures --------------------------------------------------------------------------------

  private static byte[] bytes(String hex) {
    return io.wsgate.gateway.testing.Bytes.hex(hex);
  }

  private static Buffer hex(String hex) {
    return Buffer.buffer(bytes(hex));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(int length, long seed) {
    byte[] out = new byte[length];
    new Random(seed).nextBytes(out);
    return out;
  }

  /** Reference masking (RFC 6455 §5.3), byte by byte: independent of {@link Masking}. */
  private static byte[] mask(byte[] plain, byte[] key) {
    byte[] out = new byte[plain.length];
    for (int i = 0; i < plain.length; i++) {
      out[i] = (byte) (plain[i] ^ key[i % 4]);
    }
    return out;
  }

  /** A client frame: the given header (without key), the §5.7 key, and {@code plain} masked. */
  private static Buffer masked(String headerHex, byte[] plain) {
    return hex(headerHex).appendBytes(KEY_BYTES).appendBytes(mask(plain, KEY_BYTES));
  }

  private static Buffer concat(Buffer... parts) {
    Buffer out = Buffer.buffer();
    for (Buffer part : parts) {
      out.appendBuffer(part);
    }
    return out;
  }

  private static Frame frame(boolean fin, OpCode opCode, byte[] payload) {
    return new Frame(fin, 0, opCode, Buffer.buffer(payload));
  }

  // ---- feeding every way -----------------------------------------------------------------------

  /** What one run of the parser over some pieces of input produced. */
  private record Run(List<Frame> frames, WebSocketException error, boolean halted, boolean frameOpen) {
  }

  private static Function<RecordingListener, FrameParser> parser(long maxFramePayload, int allowedRsv) {
    return listener -> new FrameParser(maxFramePayload, allowedRsv, listener);
  }

  /** Feeds the pieces in order. Once one throws, later pieces must be ignored silently. */
  /** How a test hands the parser its input. */
  private enum Feed {
    /** {@link FrameParser#feed} of the test's own buffers. */
    SHARED,
    /** {@link FrameParser#feedOwned} of a heap copy of each piece (it unmasks in place). */
    OWNED,
    /**
     * {@link FrameParser#feed} of a pooled direct copy of each piece, released right after the
     * call, as Connection feeds the transport's buffers: the parser's path for input with no
     * backing array. (The recording listener copies what it gets, so whether a chunk outlives
     * its read is checked by {@code ParserInTransportBuffersTest}, with the assembler.)
     */
    DIRECT
  }

  private static Run run(Function<RecordingListener, FrameParser> factory, List<Buffer> pieces) {
    return run(factory, pieces, Feed.SHARED);
  }

  private static Run run(Function<RecordingListener, FrameParser> factory, List<Buffer> pieces, boolean owned) {
    return run(factory, pieces, owned ? Feed.OWNED : Feed.SHARED);
  }

  private static Run run(Function<RecordingListener, FrameParser> factory, List<Buffer> pieces, Feed feed) {
    RecordingListener listener = new RecordingListener();
    FrameParser parser = factory.apply(listener);
    WebSocketException error = null;
    for (Buffer piece : pieces) {
      if (error == null) {
        try {
          if (feed == Feed.OWNED) {
            parser.feedOwned(piece.copy());
          } else if (feed == Feed.DIRECT) {
            ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(piece.length());
            direct.writeBytes(piece.getBytes());
            try {
              parser.feed(BufferInternal.buffer(direct));
            } finally {
              direct.setZero(0, direct.capacity()); // a later reuse of the memory must not show through
              direct.release();
            }
          } else {
            parser.feed(piece);
          }
        } catch (WebSocketException e) {
          error = e;
          assertTrue(parser.isHalted(), "parser not halted after throwing");
        }
      } else {
        int before = listener.callbacks();
        assertDoesNotThrow(() -> parser.feed(piece), "feed after an error");
        assertEquals(before, listener.callbacks(), "callbacks after an error");
      }
    }
    return new Run(new ArrayList<>(listener.frames()), error, parser.isHalted(), listener.isFrameOpen());
  }

  private static void assertSameRun(Run expected, Run actual, String context) {
    assertFrames(expected.frames(), actual.frames(), context);
    if (expected.error() == null) {
      assertNull(actual.error(), context);
    } else {
      assertNotNull(actual.error(), context + ": no error");
      assertSame(expected.error().getClass(), actual.error().getClass(), context);
      assertEquals(expected.error().closeCode().code(), actual.error().closeCode().code(), context);
      assertEquals(expected.error().getMessage(), actual.error().getMessage(), context);
    }
    assertEquals(expected.halted(), actual.halted(), context + ": halted");
    assertEquals(expected.frameOpen(), actual.frameOpen(), context + ": frame open");
  }

  /**
   * Runs {@code input} whole, split in two at every offset, and one byte per feed; each way both
   * with {@link FrameParser#feed} and given away with {@link FrameParser#feedOwned}.
   */
  private static Run runAllWays(Buffer input, Function<RecordingListener, FrameParser> factory) {
    Run whole = run(factory, List.of(input));
    assertSameRun(whole, run(factory, List.of(input), true), "whole, owned");
    assertSameRun(whole, run(factory, List.of(input), Feed.DIRECT), "whole, direct");
    int length = input.length();
    for (int at = 1; at < length; at++) {
      List<Buffer> split = List.of(input.slice(0, at), input.slice(at, length));
      assertSameRun(whole, run(factory, split), "split at " + at);
      assertSameRun(whole, run(factory, split, true), "split at " + at + ", owned");
      assertSameRun(whole, run(factory, split, Feed.DIRECT), "split at " + at + ", direct");
    }
    List<Buffer> single = new ArrayList<>(length);
    for (int at = 0; at < length; at++) {
      single.add(input.slice(at, at + 1));
    }
    assertSameRun(whole, run(factory, single), "one byte per feed");
    assertSameRun(whole, run(factory, single, true), "one byte per feed, owned");
    assertSameRun(whole, run(factory, single, Feed.DIRECT), "one byte per feed, direct");
    return whole;
  }

  /** Parses valid input every way; it must end on a frame boundary with no error. */
  private static List<Frame> parse(Buffer input, long maxFramePayload, int allowedRsv) {
    Run run = runAllWays(input, parser(maxFramePayload, allowedRsv));
    assertNull(run.error(), () -> "unexpected " + run.error());
    assertFalse(run.halted(), "halted");
    assertFalse(run.frameOpen(), "input ended inside a data frame");
    return run.frames();
  }

  private static List<Frame> parse(Buffer input) {
    return parse(input, MAX, 0);
  }

  /** Feeds invalid input every way and checks the error it must raise. */
  private static Run fails(Buffer input, long maxFramePayload, int allowedRsv,
      Class<? extends WebSocketException> type, CloseCode code) {
    Run run = runAllWays(input, parser(maxFramePayload, allowedRsv));
    assertError(run.error(), type, code);
    return run;
  }

  private static Run failsWithProtocolError(Buffer input) {
    return fails(input, MAX, 0, ProtocolException.class, CloseCode.PROTOCOL_ERROR);
  }

  static void assertError(WebSocketException error, Class<? extends WebSocketException> type, CloseCode code) {
    assertNotNull(error, "no error raised");
    assertInstanceOf(type, error);
    assertEquals(code.code(), error.closeCode().code(), "close code");
    assertTrue(error.getMessage().contains("RFC 6455 §"), () -> "message cites no RFC section: " + error.getMessage());
  }

  // ---- RFC 6455 §5.7 examples ------------------------------------------------------------------

  @Test
  void rfcMaskedTextHelloIsDecoded() {
    List<Frame> frames = parse(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58")); // masked text "Hello" (RFC 6455 §5.7)
    assertFrames(List.of(frame(true, OpCode.TEXT, utf8("Hello"))), frames);
  }

  @Test
  void rfcMaskedPingHelloIsDecoded() {
    List<Frame> frames = parse(hex("89 85 37 fa 21 3d 7f 9f 4d 51 58")); // Ping "Hello" (RFC 6455 §5.7), masked with the §5.7 key
    assertFrames(List.of(frame(true, OpCode.PING, utf8("Hello"))), frames);
  }

  @Test
  void rfcMaskedPongHelloIsDecoded() {
    List<Frame> frames = parse(hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58")); // masked Pong "Hello" (RFC 6455 §5.7)
    assertFrames(List.of(frame(true, OpCode.PONG, utf8("Hello"))), frames);
  }

  @Test
  void rfcFragmentedTextHelloIsTwoFrames() {
    Buffer input = concat(
        hex("01 83 37 fa 21 3d 7f 9f 4d"), // masked text "Hel", FIN=0 (RFC 6455 §5.7 fragments, masked)
        hex("80 82 37 fa 21 3d 5b 95"));   // masked continuation "lo", FIN=1
    assertFrames(List.of(frame(false, OpCode.TEXT, utf8("Hel")), frame(true, OpCode.CONTINUATION, utf8("lo"))),
        parse(input));
  }

  @Test
  void rfc256ByteBinaryWith16BitLengthIsDecoded() {
    byte[] payload = random(256, 256);
    Buffer input = masked("82 fe 01 00", payload); // masked binary, 16-bit length 256 (RFC 6455 §5.7)
    assertFrames(List.of(frame(true, OpCode.BINARY, payload)), parse(input));
  }

  @Test
  void rfc64KibBinaryWith64BitLengthIsDecoded() {
    byte[] payload = random(65536, 65536);
    Buffer input = masked("82 ff 00 00 00 00 00 01 00 00", payload); // masked binary, 64-bit length 65536 (RFC 6455 §5.7)
    assertFrames(List.of(frame(true, OpCode.BINARY, payload)), parse(input));
  }

  // ---- lengths (§5.2) --------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} of {1} bytes, length field {2}")
  @CsvSource({
      "TEXT,   0,     80",
      "TEXT,   1,     81",
      "TEXT,   125,   fd",
      "TEXT,   126,   fe 00 7e",
      "TEXT,   127,   fe 00 7f",
      "TEXT,   65535, fe ff ff",
      "TEXT,   65536, ff 00 00 00 00 00 01 00 00",
      "TEXT,   70000, ff 00 00 00 00 00 01 11 70",
      "BINARY, 0,     80",
      "BINARY, 1,     81",
      "BINARY, 125,   fd",
      "BINARY, 126,   fe 00 7e",
      "BINARY, 127,   fe 00 7f",
      "BINARY, 65535, fe ff ff",
      "BINARY, 65536, ff 00 00 00 00 00 01 00 00",
      "BINARY, 70000, ff 00 00 00 00 00 01 11 70",
      "CLOSE,  0,     80",
      "CLOSE,  1,     81",
      "CLOSE,  125,   fd",
      "PING,   0,     80",
      "PING,   1,     81",
      "PING,   125,   fd",
      "PONG,   0,     80",
      "PONG,   1,     81",
      "PONG,   125,   fd",
  })
  void payloadOfEachLengthClassIsDecoded(OpCode opCode, int length, String lengthField) {
    byte[] payload = random(length, length);
    String b0 = Integer.toHexString(0x80 | opCode.code());
    // b0 = FIN + opcode; the first length byte gets the MASK bit.
    byte[] field = bytes(lengthField);
    field[0] |= (byte) 0x80;
    Buffer input = hex(b0).appendBytes(field).appendBytes(KEY_BYTES).appendBytes(mask(payload, KEY_BYTES));
    assertFrames(List.of(frame(true, opCode, payload)), parse(input));
  }

  // ---- FIN, RSV, opcode (§5.2) -----------------------------------------------------------------

  @ParameterizedTest(name = "byte 0 = {0}: FIN={1} {2}")
  @CsvSource({
      "00, false, CONTINUATION",
      "80, true,  CONTINUATION",
      "01, false, TEXT",
      "81, true,  TEXT",
      "02, false, BINARY",
      "82, true,  BINARY",
      "88, true,  CLOSE",
      "89, true,  PING",
      "8a, true,  PONG",
  })
  void finAndOpcodeAreDecoded(String b0, boolean fin, OpCode opCode) {
    Buffer input = masked(b0 + " 81", utf8("x")); // one masked byte "x"
    assertFrames(List.of(frame(fin, opCode, utf8("x"))), parse(input));
  }

  @ParameterizedTest(name = "RSV bit {0}")
  @ValueSource(ints = {WebSocketProtocol.B0_FLAG_RSV1, WebSocketProtocol.B0_FLAG_RSV2, WebSocketProtocol.B0_FLAG_RSV3})
  void rsvBitWithoutExtensionIsProtocolError(int rsvBit) {
    String b0 = Integer.toHexString(0x81 | rsvBit);
    failsWithProtocolError(hex(b0 + " 80 " + KEY)); // text, FIN, one RSV bit, empty
  }

  @ParameterizedTest(name = "RSV bit {0}")
  @ValueSource(ints = {WebSocketProtocol.B0_FLAG_RSV1, WebSocketProtocol.B0_FLAG_RSV2, WebSocketProtocol.B0_FLAG_RSV3})
  void rsvBitOwnedByExtensionIsDelivered(int rsvBit) {
    String textB0 = Integer.toHexString(0x81 | rsvBit);
    String pingB0 = Integer.toHexString(0x89 | rsvBit);
    Buffer input = concat(masked(textB0 + " 81", utf8("x")), masked(pingB0 + " 80", new byte[0]));
    List<Frame> frames = parse(input, MAX, rsvBit);
    assertFrames(List.of(
        new Frame(true, rsvBit, OpCode.TEXT, Buffer.buffer("x")),
        new Frame(true, rsvBit, OpCode.PING, Buffer.buffer())), frames);
  }

  @ParameterizedTest(name = "RSV bit {0}")
  @ValueSource(ints = {WebSocketProtocol.B0_FLAG_RSV1, WebSocketProtocol.B0_FLAG_RSV2, WebSocketProtocol.B0_FLAG_RSV3})
  void rsvBitNotOwnedByTheExtensionIsProtocolError(int rsvBit) {
    int allowed = WebSocketProtocol.B0_MASK_RSV & ~rsvBit;
    String b0 = Integer.toHexString(0x81 | rsvBit);
    fails(hex(b0 + " 80 " + KEY), MAX, allowed, ProtocolException.class, CloseCode.PROTOCOL_ERROR); // text with a foreign RSV bit
  }

  @ParameterizedTest(name = "opcode {0}")
  @ValueSource(ints = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
  void reservedOpcodeIsProtocolError(int opcode) {
    assertNull(OpCode.fromCode(opcode));
    // Only the two fixed header bytes: the opcode is rejected before anything else arrives.
    failsWithProtocolError(hex(Integer.toHexString(0x80 | opcode) + " 80")); // FIN + reserved opcode, masked, empty
    failsWithProtocolError(hex(String.format("%02x", opcode) + " 80"));      // same without FIN
  }

  // ---- control frames (§5.5) -------------------------------------------------------------------

  @ParameterizedTest(name = "byte 0 = {0}")
  @ValueSource(strings = {"08", "09", "0a"})
  void controlFramesMustBeFinal(String b0) {
    failsWithProtocolError(hex(b0 + " 80")); // Close/Ping/Pong with FIN=0: header bytes only
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "88 fe", // Close, 7-bit length 126 (a 16-bit length would follow)
      "89 fe", // Ping, 7-bit length 126
      "8a fe", // Pong, 7-bit length 126
      "88 ff", // Close, 7-bit length 127 (a 64-bit length would follow)
      "89 ff", // Ping, 7-bit length 127
      "8a ff", // Pong, 7-bit length 127
  })
  void controlFrameLongerThan125IsProtocolErrorAtTheHeader(String header) {
    failsWithProtocolError(hex(header)); // only the 2 header bytes are fed
  }

  @Test
  void controlFrameOf125BytesIsAcceptedAtTheHeader() {
    // The counterpart of the test above: 125 is allowed, so the header alone opens no error.
    Run run = runAllWays(hex("89 fd " + KEY), parser(MAX, 0)); // Ping, length 125, no payload yet
    assertNull(run.error());
    assertTrue(run.frames().isEmpty());
  }

  // ---- masking (§5.1, §5.3) --------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "81 05 48 65 6c 6c 6f", // unmasked text "Hello" (RFC 6455 §5.7)
      "89 05 48 65 6c 6c 6f", // unmasked Ping "Hello" (RFC 6455 §5.7)
      "82 00",                // unmasked empty binary
      "82 7e 01 00",          // unmasked binary, 16-bit length 256: header only (RFC 6455 §5.7)
  })
  void unmaskedClientFrameIsProtocolError(String input) {
    failsWithProtocolError(hex(input));
  }

  @Test
  void maskPhaseContinuesAcrossEveryThreeWaySplit() {
    byte[] payload = utf8("The mask phase must continue across feeds.");
    Buffer input = masked("81 aa", payload); // masked text, 42 bytes
    List<Frame> expected = List.of(frame(true, OpCode.TEXT, payload));
    int length = input.length();
    for (int i = 1; i < length; i++) {
      for (int j = i + 1; j < length; j++) {
        Run run = run(parser(MAX, 0), List.of(input.slice(0, i), input.slice(i, j), input.slice(j, length)));
        assertNull(run.error());
        assertFrames(expected, run.frames(), "split at " + i + " and " + j);
      }
    }
  }

  @Test
  void controlPayloadSplitAcrossFeedsIsUnmasked() {
    byte[] payload = utf8("ping payload across feeds");
    assertFrames(List.of(frame(true, OpCode.PING, payload)), parse(masked("89 99", payload))); // masked Ping, 25 bytes
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "81 80 37 fa 21 3d, TEXT",         // masked empty text
      "82 80 37 fa 21 3d, BINARY",       // masked empty binary
      "00 80 37 fa 21 3d, CONTINUATION", // masked empty continuation, FIN=0
      "88 80 37 fa 21 3d, CLOSE",        // masked empty Close
      "89 80 37 fa 21 3d, PING",         // masked empty Ping
      "8a 80 37 fa 21 3d, PONG",         // masked empty Pong
  })
  void zeroLengthMaskedFrameIsDecoded(String input, OpCode opCode) {
    boolean fin = opCode != OpCode.CONTINUATION;
    assertFrames(List.of(frame(fin, opCode, new byte[0])), parse(hex(input)));
  }

  @Test
  void zeroLengthFramesBackToBackAreAllDecoded() {
    Buffer input = hex("01 80 37 fa 21 3d" // masked empty text, FIN=0
        + " 89 80 37 fa 21 3d"             // masked empty Ping
        + " 80 80 37 fa 21 3d");           // masked empty continuation, FIN=1
    assertFrames(List.of(
        frame(false, OpCode.TEXT, new byte[0]),
        frame(true, OpCode.PING, new byte[0]),
        frame(true, OpCode.CONTINUATION, new byte[0])), parse(input));
  }

  // ---- extended lengths and limits (§5.2, §10.4) -----------------------------------------------

  @Test
  void sixtyFourBitLengthWithTopBitSetIsProtocolError() {
    // No size limit, so only the top-bit rule can reject it; header only, no payload.
    fails(hex("82 ff 80 00 00 00 00 00 00 00 " + KEY), Long.MAX_VALUE, 0, // binary, 64-bit length 2^63
        ProtocolException.class, CloseCode.PROTOCOL_ERROR);
    fails(hex("82 ff ff ff ff ff ff ff ff ff " + KEY), Long.MAX_VALUE, 0, // binary, 64-bit length 2^64-1
        ProtocolException.class, CloseCode.PROTOCOL_ERROR);
    fails(hex("82 ff 80 00 00 00 00 00 00 01 " + KEY), MAX, 0,            // with a limit as well
        ProtocolException.class, CloseCode.PROTOCOL_ERROR);
  }

  @Test
  void largestSixtyFourBitLengthIsAcceptedAtTheHeader() {
    Run run = runAllWays(hex("82 ff 7f ff ff ff ff ff ff ff " + KEY), parser(Long.MAX_VALUE, 0)); // binary, 2^63-1: header only
    assertNull(run.error());
    assertTrue(run.frameOpen());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "82 fe 03 e9",                   // binary, 16-bit length 1001
      "81 fe ff ff",                   // text, 16-bit length 65535
      "82 ff 00 00 00 00 00 00 03 e9", // binary, 64-bit length 1001
      "80 ff 00 00 00 01 00 00 00 00", // continuation, 64-bit length 4 GiB
  })
  void frameOverLimitIsMessageTooBig(String header) {
    // Header (with key) only: the frame fails before any payload arrives.
    fails(hex(header + " " + KEY), 1000, 0, MessageTooBigException.class, CloseCode.MESSAGE_TOO_BIG);
  }

  @Test
  void frameAtTheLimitIsAccepted() {
    Run run = runAllWays(hex("82 fe 03 e8 " + KEY), parser(1000, 0)); // binary, 16-bit length 1000: header only
    assertNull(run.error());
    assertTrue(run.frameOpen());
    byte[] payload = random(1000, 1000);
    assertFrames(List.of(frame(true, OpCode.BINARY, payload)), parse(masked("82 fe 03 e8", payload), 1000, 0));
  }

  // ---- streams of frames -----------------------------------------------------------------------

  @Test
  void manyFramesInOneBufferAreDecodedInOrder() {
    byte[] binary = random(300, 300);
    Buffer input = concat(
        hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), // masked text "Hello" (RFC 6455 §5.7)
        hex("89 80 37 fa 21 3d"),                // masked empty Ping
        masked("82 fe 01 2c", binary),           // masked binary, 16-bit length 300
        hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"), // masked Pong "Hello" (RFC 6455 §5.7)
        masked("88 82", bytes("03 e8")));        // masked Close 1000
    assertFrames(List.of(
        frame(true, OpCode.TEXT, utf8("Hello")),
        frame(true, OpCode.PING, new byte[0]),
        frame(true, OpCode.BINARY, binary),
        frame(true, OpCode.PONG, utf8("Hello")),
        frame(true, OpCode.CLOSE, bytes("03 e8"))), parse(input));
  }

  @Test
  void controlFramesInterleavedBetweenFragmentsAreDeliveredInPlace() {
    Buffer input = concat(
        hex("01 83 37 fa 21 3d 7f 9f 4d"), // masked text "Hel", FIN=0
        hex("89 80 37 fa 21 3d"),          // masked empty Ping
        masked("00 81", utf8("l")),        // masked continuation "l", FIN=0
        masked("8a 81", utf8("p")),        // masked Pong "p"
        hex("80 81 37 fa 21 3d 58"));      // masked continuation "o", FIN=1
    assertFrames(List.of(
        frame(false, OpCode.TEXT, utf8("Hel")),
        frame(true, OpCode.PING, new byte[0]),
        frame(false, OpCode.CONTINUATION, utf8("l")),
        frame(true, OpCode.PONG, utf8("p")),
        frame(true, OpCode.CONTINUATION, utf8("o"))), parse(input));
  }

  @Test
  void continuationOrderIsLeftToTheAssembler() {
    // Framing alone: a lone continuation frame is well-formed (§5.4 is MessageAssembler's job).
    assertFrames(List.of(frame(true, OpCode.CONTINUATION, utf8("lo"))),
        parse(hex("80 82 37 fa 21 3d 5b 95"))); // masked continuation "lo", FIN=1
  }

  // ---- failing and halting ---------------------------------------------------------------------

  @Test
  void framesBeforeAnErrorAreDeliveredAndNothingAfterIt() {
    Buffer input = concat(
        hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), // masked text "Hello"
        hex("83 80 37 fa 21 3d"),                // reserved opcode 3
        hex("89 80 37 fa 21 3d"));               // masked empty Ping, never delivered
    Run run = failsWithProtocolError(input);
    assertFrames(List.of(frame(true, OpCode.TEXT, utf8("Hello"))), run.frames());
  }

  @Test
  void feedAfterAnErrorIsIgnored() {
    RecordingListener listener = new RecordingListener();
    FrameParser parser = new FrameParser(MAX, 0, listener);
    WebSocketException error = assertThrows(WebSocketException.class,
        () -> parser.feed(hex("81 05 48 65 6c 6c 6f"))); // unmasked text "Hello"
    assertError(error, ProtocolException.class, CloseCode.PROTOCOL_ERROR);
    assertTrue(parser.isHalted());

    parser.feed(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58")); // masked text "Hello": valid, but too late
    parser.feed(hex("83 80"));                           // reserved opcode: would throw if decoded
    assertEquals(0, listener.callbacks());
    assertTrue(parser.isHalted());
  }

  @Test
  void listenerErrorFailsTheParser() {
    // A listener's WebSocketException (here: what MessageAssembler throws for bad UTF-8) propagates
    // out of feed and fails the parser like its own errors.
    Function<RecordingListener, FrameParser> factory = listener -> {
      listener.onEachCallback(callback -> {
        if (callback == RecordingListener.Callback.DATA_PAYLOAD) {
          throw new InvalidPayloadException("text message is not valid UTF-8 (RFC 6455 §8.1)");
        }
      });
      return new FrameParser(MAX, 0, listener);
    };
    Buffer input = concat(
        hex("89 80 37 fa 21 3d"),                // masked empty Ping
        masked("81 83", bytes("ff fe fd")),      // masked text, 3 invalid bytes
        hex("8a 80 37 fa 21 3d"));               // masked empty Pong, never delivered
    Run run = runAllWays(input, factory);
    assertError(run.error(), InvalidPayloadException.class, CloseCode.INVALID_PAYLOAD);
    assertFrames(List.of(frame(true, OpCode.PING, new byte[0])), run.frames());
    assertTrue(run.halted());
  }

  /** A parser whose listener halts it right after the first callback of the given kind. */
  private static Function<RecordingListener, FrameParser> haltingOn(RecordingListener.Callback when) {
    return listener -> {
      FrameParser[] parser = new FrameParser[1];
      listener.onEachCallback(callback -> {
        if (callback == when) {
          parser[0].halt();
        }
      });
      parser[0] = new FrameParser(MAX, 0, listener);
      return parser[0];
    };
  }

  /** A parser whose listener halts it on a Close frame, as the connection does. */
  private static Function<RecordingListener, FrameParser> haltingOnClose() {
    return listener -> {
      FrameParser[] parser = new FrameParser[1];
      listener.onEachCallback(callback -> {
        List<Frame> frames = listener.frames();
        if (callback == RecordingListener.Callback.CONTROL && frames.get(frames.size() - 1).opCode() == OpCode.CLOSE) {
          parser[0].halt();
        }
      });
      parser[0] = new FrameParser(MAX, 0, listener);
      return parser[0];
    };
  }

  @Test
  void haltOnCloseStopsDecodingMidBuffer() {
    Buffer input = concat(
        hex("89 80 37 fa 21 3d"),              // masked empty Ping
        masked("88 82", bytes("03 e8")),       // masked Close 1000: the listener halts here
        hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), // masked text "Hello": after the Close, not delivered
        hex("83 80"));                         // reserved opcode: would throw if decoded
    Run run = runAllWays(input, haltingOnClose());
    assertNull(run.error());
    assertTrue(run.halted());
    assertFrames(List.of(frame(true, OpCode.PING, new byte[0]), frame(true, OpCode.CLOSE, bytes("03 e8"))),
        run.frames());
  }

  @ParameterizedTest(name = "halt in {0}")
  @EnumSource(value = RecordingListener.Callback.class, names = {"DATA_START", "DATA_PAYLOAD", "DATA_END"})
  void haltFromADataCallbackStopsDecoding(RecordingListener.Callback when) {
    Buffer input = concat(
        hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), // masked text "Hello": the listener halts in this frame
        hex("89 80 37 fa 21 3d"),                // masked empty Ping: not delivered
        hex("83 80"));                           // reserved opcode: would throw if decoded
    Run whole = runAllWays(input, haltingOn(when));
    assertNull(whole.error());
    assertTrue(whole.halted(), "halted");
    if (when == RecordingListener.Callback.DATA_END) {
      assertFrames(List.of(frame(true, OpCode.TEXT, utf8("Hello"))), whole.frames());
    } else {
      assertTrue(whole.frames().isEmpty(), () -> "decoded after halt: " + RecordingListener.describe(whole.frames()));
    }
  }

  @Test
  void haltBeforeAnyInputIgnoresEverything() {
    RecordingListener listener = new RecordingListener();
    FrameParser parser = new FrameParser(MAX, 0, listener);
    assertFalse(parser.isHalted());
    parser.halt();
    parser.feed(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58")); // masked text "Hello"
    parser.feed(hex("83 80"));                           // reserved opcode
    assertTrue(parser.isHalted());
    assertEquals(0, listener.callbacks());
  }

  @Test
  void partialFrameIsKeptForTheNextFeed() {
    RecordingListener listener = new RecordingListener();
    FrameParser parser = new FrameParser(MAX, 0, listener);
    parser.feed(hex("81 85 37 fa 21 3d 7f 9f")); // masked text "Hello": header and 2 payload bytes
    assertTrue(listener.isFrameOpen());
    assertTrue(listener.frames().isEmpty());
    parser.feed(hex("4d 51 58"));                // the last 3 payload bytes
    listener.assertNothingLeft();
    assertFrames(List.of(frame(true, OpCode.TEXT, utf8("Hello"))), listener.frames());
  }

  @Test
  void emptyFeedDoesNothing() {
    RecordingListener listener = new RecordingListener();
    FrameParser parser = new FrameParser(MAX, 0, listener);
    parser.feed(Buffer.buffer());
    parser.feed(hex("81"));        // first header byte of a text frame
    parser.feed(Buffer.buffer());
    parser.feed(hex("85 37 fa 21 3d 7f 9f 4d 51 58")); // rest of masked text "Hello"
    assertFrames(List.of(frame(true, OpCode.TEXT, utf8("Hello"))), listener.frames());
  }

  // ---- feed vs feedOwned: who owns the input ---------------------------------------------------

  /** Collects the payload chunks exactly as the parser hands them on. */
  private static final class Chunks implements FrameListener {
    final List<Buffer> chunks = new ArrayList<>();

    @Override
    public void onDataFrameStart(boolean fin, int rsv, OpCode opCode, long payloadLength) {
    }

    @Override
    public void onDataPayload(Buffer chunk) {
      chunks.add(chunk);
    }

    @Override
    public void onDataFrameEnd() {
    }

    @Override
    public void onControlFrame(Frame frame) {
    }
  }

  private static byte[] arrayOf(Buffer buffer) {
    return ((io.vertx.core.internal.buffer.BufferInternal) buffer).getByteBuf().array();
  }

  @Test
  void feedLeavesItsInputAsItWas() {
    Buffer input = masked("82 fe 01 2c", random(300, 300)); // masked binary, 300 bytes
    Buffer before = input.copy();
    Chunks listener = new Chunks();
    new FrameParser(MAX, 0, listener).feed(input);
    assertEquals(before, input);
    assertEquals(Buffer.buffer(random(300, 300)), listener.chunks.get(0));
  }

  @Test
  void feedOwnedHandsOnAPayloadOfAtLeastHalfTheInputAsASliceUnmaskedInPlace() {
    byte[] plain = random(300, 301);
    Buffer input = masked("82 fe 01 2c", plain)    // masked binary, 300 bytes: most of the input
        .appendBuffer(masked("82 84", utf8("tail"))); // masked binary "tail": a small rest
    Chunks listener = new Chunks();
    new FrameParser(MAX, 0, listener).feedOwned(input);
    assertEquals(2, listener.chunks.size());
    Buffer big = listener.chunks.get(0);
    assertEquals(Buffer.buffer(plain), big);
    assertSame(arrayOf(input), arrayOf(big), "a slice of the input");
    assertEquals(Buffer.buffer(plain), input.slice(8, 308), "unmasked in the input itself");
    Buffer small = listener.chunks.get(1);
    assertEquals(Buffer.buffer(utf8("tail")), small);
    assertFalse(arrayOf(input) == arrayOf(small), "a small payload must not hold the whole input");
  }

  @Test
  void feedOwnedOfABufferWithoutAnArrayCopies() {
    byte[] plain = random(300, 302);
    Buffer input = io.vertx.core.internal.buffer.BufferInternal.buffer(
        io.netty.buffer.Unpooled.wrappedBuffer(masked("82 fe 01 2c", plain).getBytes()).asReadOnly());
    Chunks listener = new Chunks();
    new FrameParser(MAX, 0, listener).feedOwned(input);
    assertEquals(Buffer.buffer(plain), listener.chunks.get(0));
  }
}
