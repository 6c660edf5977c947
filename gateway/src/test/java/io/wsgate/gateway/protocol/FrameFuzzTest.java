package io.wsgate.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.Jazzer;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import io.wsgate.api.MessageType;
import io.wsgate.gateway.testing.Pieces;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the inbound WebSocket path as {@code Connection} wires it: {@link FrameParser} feeding
 * {@link MessageAssembler}, Close bodies checked by {@link ClosePayload#parse} and a Close
 * halting the parser.
 *
 * <p>Input layout: byte 0 picks the configuration, the rest is the client's byte stream.
 * <pre>
 *   bits 0-2  frame payload limit   {@link #FRAME_LIMITS}[n]
 *   bits 3-5  message size limit    {@link #MESSAGE_LIMITS}[n]
 *   bits 6-7  how the stream is cut for the second run: one byte per feed, random pieces of
 *             1..7 or 1..128 bytes, or two pieces
 * </pre>
 * Seeds: {@code src/test/resources/io/wsgate/gateway/protocol/FrameFuzzTestInputs/frames/}
 * ({@code FrameSeedsTest}). Without {@code JAZZER_FUZZ} only those run (docs/security.md).
 *
 * <p>Invariants, checked on every input:
 * <ul>
 *   <li>the only exception out of {@code feed} is a {@link WebSocketException}: 1002
 *       {@link ProtocolException}, 1007 {@link InvalidPayloadException} or 1009
 *       {@link MessageTooBigException}, and its message makes a valid Close body;
 *   <li>every input ends in messages and control frames, a need-more-bytes state, a received
 *       Close with a valid code, or such an error; the parser is halted exactly in the last two;
 *   <li>no frame announces, and no message delivers, more than its limit; chunks add up to the
 *       announced length; a text message (and a Close reason) is strict UTF-8 by the JDK's decoder,
 *       and a 1007 is raised only for bytes that decoder rejects;
 *   <li>after an error or a Close, further {@code feed}s produce no callback and no exception;
 *   <li>the outcome does not depend on how the stream is cut into feeds.
 * </ul>
 */
class FrameFuzzTest {

  /** The configurable minimum (125), both sides of the 7/16-bit boundaries, 1 MiB, the maximum. */
  static final long[] FRAME_LIMITS = {125, 126, 127, 1000, 65535, 65536, 1 << 20, Integer.MAX_VALUE - 8};
  static final long[] MESSAGE_LIMITS = {1, 125, 126, 1000, 4096, 65536, 1 << 20, Integer.MAX_VALUE - 8};
  private static final Map<Class<?>, Integer> CODES = Map.of(
      ProtocolException.class, 1002, InvalidPayloadException.class, 1007, MessageTooBigException.class, 1009);

  @FuzzTest(maxDuration = "5m")
  void frames(byte[] data) {
    if (data.length == 0) {
      return;
    }
    int config = data[0] & 0xFF;
    long frameLimit = FRAME_LIMITS[config & 7];
    long messageLimit = MESSAGE_LIMITS[(config >> 3) & 7];
    List<Buffer> pieces = switch (config >> 6) {
      case 0 -> Pieces.oneByteEach(data, 1);
      case 1 -> Pieces.random(data, 1, 7);
      case 2 -> Pieces.random(data, 1, 128);
      default -> Pieces.at(Arrays.copyOfRange(data, 1, data.length), Arrays.hashCode(data) & 0xFFF);
    };
    Outcome whole = new Harness(frameLimit, messageLimit).run(List.of(Buffer.buffer(data).slice(1, data.length)));
    Outcome cut = new Harness(frameLimit, messageLimit).owned().run(pieces);
    assertEquals(whole, cut, "outcome depends on how the stream is cut (" + pieces.size() + " pieces)");
    // Each distinct ending (which error, a Close, a partial frame) is new ground for the fuzzer.
    String ending = whole.error() != null ? whole.error()
        : whole.closed() ? "closed" : whole.frameOpen() + " " + whole.messageOpen();
    Jazzer.exploreState((byte) ending.hashCode(), 0);
  }

  /** What a run produced; equal for equal streams however they were cut. */
  record Outcome(List<String> events, String error, boolean closed, boolean frameOpen, boolean messageOpen) {
  }

  /** The parser and assembler wired as Connection wires them, checking every callback. */
  static final class Harness implements FrameListener, MessageListener {

    private final long frameLimit;
    private final long messageLimit;
    private final FrameParser parser;
    private final MessageAssembler assembler;

    private final List<String> events = new ArrayList<>();
    private int callbacks;
    private boolean closed;

    // The data frame being streamed.
    private boolean frameOpen;
    private long announced;
    private long received;
    // The message being assembled, kept here too to check the assembler's result.
    private MessageType messageType;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();

    /** Whether pieces are given away ({@link FrameParser#feedOwned}, as Connection feeds socket reads). */
    private boolean owned;

    Harness(long frameLimit, long messageLimit) {
      this.frameLimit = frameLimit;
      this.messageLimit = messageLimit;
      this.parser = new FrameParser(frameLimit, 0, this);
      this.assembler = new MessageAssembler(messageLimit, this);
    }

    /** Feeds with {@link FrameParser#feedOwned}; each piece must be used by this run only. */
    Harness owned() {
      owned = true;
      return this;
    }

    private void feed(Buffer piece) {
      if (owned) {
        parser.feedOwned(piece);
      } else {
        parser.feed(piece);
      }
    }

    Outcome run(List<Buffer> pieces) {
      WebSocketException error = null;
      for (Buffer piece : pieces) {
        if (parser.isHalted()) {
          int before = callbacks;
          feed(piece); // must neither throw nor call back
          assertEquals(before, callbacks, "callback after the parser halted");
          continue;
        }
        try {
          feed(piece);
        } catch (WebSocketException e) {
          error = e;
          checkError(e);
          assertTrue(parser.isHalted(), "parser not halted after " + e);
        } catch (RuntimeException e) {
          throw new AssertionError("undocumented exception from FrameParser.feed", e);
        }
      }
      assertEquals(error != null || closed, parser.isHalted(), "halted, but neither an error nor a Close");
      if (parser.isHalted()) {
        int before = callbacks;
        for (Buffer piece : pieces) {
          feed(piece);
        }
        assertEquals(before, callbacks, "callback after the parser halted");
      }
      String failure = error == null ? null
          : error.getClass().getSimpleName() + " " + error.closeCode() + " " + error.getMessage();
      return new Outcome(events, failure, closed, frameOpen, assembler.isMessageOpen());
    }

    private static void checkError(WebSocketException e) {
      Integer code = CODES.get(e.getClass());
      assertNotNull(code, () -> "undocumented exception " + e);
      assertEquals(code, e.closeCode().code(), () -> "close code of " + e);
      assertTrue(CloseCode.isValidOnWire(code), "code not valid on the wire");
      assertNotNull(e.getMessage(), "no message");
      // The message becomes the reason of the server's Close: that Close must be valid.
      Buffer body = new ClosePayload(e.closeCode(), e.getMessage()).encode();
      assertTrue(body.length() <= WebSocketProtocol.CONTROL_PAYLOAD_MAX, "Close body too long");
      ClosePayload echoed = ClosePayload.parse(body);
      assertEquals(e.closeCode(), echoed.code());
      assertTrue(e.getMessage().startsWith(echoed.reason()), "reason");
    }

    @Override
    public void onDataFrameStart(boolean fin, int rsv, OpCode opCode, long payloadLength) {
      callbacks++;
      assertFalse(closed, "data frame after a Close");
      assertFalse(frameOpen, "data frame started inside another");
      assertEquals(0, rsv, "RSV bits without an extension");
      assertFalse(opCode.isControl(), "control frame streamed as data");
      assertTrue(payloadLength >= 0 && payloadLength <= frameLimit,
          () -> "frame of " + payloadLength + " bytes reported, limit " + frameLimit);
      try {
        assembler.onDataFrameStart(fin, opCode, payloadLength);
      } catch (MessageTooBigException e) {
        assertTrue(message.size() + payloadLength > messageLimit, "1009 for a message within the limit");
        throw e;
      } catch (ProtocolException e) {
        assertEquals(opCode == OpCode.CONTINUATION, messageType == null, "1002 for a well-ordered frame");
        throw e;
      }
      assertEquals(opCode == OpCode.CONTINUATION, messageType != null, "frame out of message order accepted");
      assertTrue(message.size() + payloadLength <= messageLimit, "message over the limit accepted");
      if (messageType == null) {
        messageType = opCode == OpCode.TEXT ? MessageType.TEXT : MessageType.BINARY;
      }
      frameOpen = true;
      announced = payloadLength;
      received = 0;
    }

    @Override
    public void onDataPayload(Buffer chunk) {
      callbacks++;
      assertTrue(frameOpen, "payload outside a data frame");
      assertTrue(chunk.length() > 0, "empty chunk");
      received += chunk.length();
      assertTrue(received <= announced, "chunks exceed the announced length");
      message.writeBytes(chunk.getBytes());
      try {
        assembler.onDataPayload(chunk);
      } catch (InvalidPayloadException e) {
        assertEquals(MessageType.TEXT, messageType, "1007 for a binary message");
        assertFalse(isStrictUtf8(message.toByteArray()), "1007 for valid UTF-8");
        throw e;
      }
    }

    @Override
    public void onDataFrameEnd() {
      callbacks++;
      assertTrue(frameOpen, "data frame end outside a data frame");
      assertEquals(announced, received, "frame ended before its announced length");
      frameOpen = false;
      try {
        assembler.onDataFrameEnd();
      } catch (InvalidPayloadException e) {
        assertEquals(MessageType.TEXT, messageType, "1007 for a binary message");
        assertFalse(isStrictUtf8(message.toByteArray()), "1007 for valid UTF-8");
        throw e;
      }
    }

    @Override
    public void onMessage(MessageType type, Buffer payload) {
      assertEquals(messageType, type, "message type");
      assertTrue(payload.length() <= messageLimit, "message over the limit delivered");
      assertArrayEquals(message.toByteArray(), payload.getBytes(), "message payload");
      if (type == MessageType.TEXT) {
        assertTrue(isStrictUtf8(payload.getBytes()), "text message is not UTF-8");
      }
      events.add(type + " " + HexFormat.of().formatHex(payload.getBytes()));
      messageType = null;
      message.reset();
    }

    @Override
    public void onControlFrame(Frame frame) {
      callbacks++;
      assertFalse(closed, "control frame after a Close");
      assertFalse(frameOpen, "control frame inside a data frame's payload");
      assertTrue(frame.fin(), "fragmented control frame");
      assertEquals(0, frame.rsv(), "RSV bits without an extension");
      assertTrue(frame.opCode().isControl(), "data frame delivered as control");
      byte[] payload = frame.payload().getBytes();
      assertTrue(payload.length <= WebSocketProtocol.CONTROL_PAYLOAD_MAX, "control payload over 125");
      if (frame.opCode() != OpCode.CLOSE) {
        events.add(frame.opCode() + " " + HexFormat.of().formatHex(payload));
        return;
      }
      ClosePayload close;
      try {
        close = ClosePayload.parse(frame.payload());
      } catch (ProtocolException e) {
        assertTrue(payload.length == 1 || !CloseCode.isValidOnWire(code(payload)), "1002 for a valid Close");
        throw e;
      } catch (InvalidPayloadException e) {
        assertFalse(isStrictUtf8(Arrays.copyOfRange(payload, 2, payload.length)), "1007 for a UTF-8 reason");
        throw e;
      }
      if (payload.length == 0) {
        assertEquals(CloseCode.NO_STATUS, close.code(), "empty Close");
      } else {
        assertEquals(code(payload), close.code().code(), "Close code");
        assertTrue(close.code().isValidOnWire(), "Close code not valid on the wire accepted");
        assertTrue(isStrictUtf8(Arrays.copyOfRange(payload, 2, payload.length)), "Close reason not UTF-8");
      }
      events.add("CLOSE " + close.code() + " " + close.reason());
      closed = true;
      parser.halt(); // as Connection does: nothing after a Close is read
    }

    private static int code(byte[] closePayload) {
      return ((closePayload[0] & 0xFF) << 8) | (closePayload[1] & 0xFF);
    }
  }

  /** The JDK's own verdict, independent of {@link Utf8Validator}. */
  static boolean isStrictUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
