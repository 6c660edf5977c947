package io.wsgate.gateway.protocol;

import static io.wsgate.gateway.protocol.WebSocketProtocol.B0_FLAG_FIN;
import static io.wsgate.gateway.protocol.WebSocketProtocol.B0_MASK_OPCODE;
import static io.wsgate.gateway.protocol.WebSocketProtocol.B0_MASK_RSV;
import static io.wsgate.gateway.protocol.WebSocketProtocol.B1_FLAG_MASK;
import static io.wsgate.gateway.protocol.WebSocketProtocol.B1_MASK_LENGTH;
import static io.wsgate.gateway.protocol.WebSocketProtocol.BASE_HEADER_BYTES;
import static io.wsgate.gateway.protocol.WebSocketProtocol.CONTROL_PAYLOAD_MAX;
import static io.wsgate.gateway.protocol.WebSocketProtocol.EXTENDED_LENGTH_LONG_BYTES;
import static io.wsgate.gateway.protocol.WebSocketProtocol.EXTENDED_LENGTH_SHORT_BYTES;
import static io.wsgate.gateway.protocol.WebSocketProtocol.MASK_KEY_BYTES;
import static io.wsgate.gateway.protocol.WebSocketProtocol.MAX_HEADER_BYTES;
import static io.wsgate.gateway.protocol.WebSocketProtocol.PAYLOAD_LONG;
import static io.wsgate.gateway.protocol.WebSocketProtocol.PAYLOAD_SHORT;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Arrays;

/**
 * Decodes client-to-server frames (RFC 6455 §5.2) from whatever TCP delivers: many frames in one
 * buffer, or one frame over many. A push state machine with no I/O: {@link #feed} hands 0..n
 * frames to the {@link FrameListener} and keeps partial bytes for the next call.
 *
 * <p>Only framing rules are checked here, in wire order. Message rules (continuation order,
 * message size, UTF-8) belong to {@link MessageAssembler}; Close payloads to {@link ClosePayload}.
 * The first violation throws a {@link WebSocketException} and the parser ignores all further
 * input.
 */
public final class FrameParser {

  private enum State { HEADER, PAYLOAD, HALTED }

  private final long maxFramePayload;
  private final int allowedRsv;
  private final FrameListener listener;

  private State state = State.HEADER;

  // HEADER: bytes of the current header gathered so far, and how many the header needs.
  private final byte[] header = new byte[MAX_HEADER_BYTES];
  private int headerRead;
  private int headerNeeded = BASE_HEADER_BYTES;

  // During a feed: the input's backing array (null if it has none) and where the input starts in it.
  private byte[] inputArray;
  private int inputBase;

  // PAYLOAD: the current frame.
  private boolean fin;
  private int rsv;
  private OpCode opCode;
  private int maskKey;
  private long payloadLength;
  private long payloadRead;
  private byte[] controlPayload;

  /**
   * @param maxFramePayload frames announcing a longer payload fail with 1009
   * @param allowedRsv RSV bits owned by negotiated extensions (0 when none)
   */
  public FrameParser(long maxFramePayload, int allowedRsv, FrameListener listener) {
    this.maxFramePayload = maxFramePayload;
    this.allowedRsv = allowedRsv;
    this.listener = listener;
  }

  /**
   * Decodes as much of {@code input} as possible. {@code input} is left as it was and the parser
   * keeps no reference to it: payloads are copies.
   */
  public void feed(Buffer input) {
    feed(input, false);
  }

  /**
   * Like {@link #feed}, but {@code input} is given away (a socket read): payloads are unmasked in
   * place and handed on as slices of it, so the caller must not use it again. A data payload
   * shorter than half of {@code input} is still copied, so that a small message kept by a router
   * cannot hold a whole read buffer in memory.
   */
  public void feedOwned(Buffer input) {
    feed(input, true);
  }

  private void feed(Buffer input, boolean owned) {
    int pos = 0;
    int end = input.length();
    ByteBuf buf = ((BufferInternal) input).getByteBuf();
    inputArray = buf.hasArray() ? buf.array() : null;
    inputBase = inputArray == null ? 0 : buf.arrayOffset() + buf.readerIndex();
    try {
      while (pos < end) {
        switch (state) {
          case HEADER:
            pos = readHeader(input, pos, end);
            break;
          case PAYLOAD:
            pos = readPayload(input, pos, end, owned);
            break;
          default:
            return;
        }
      }
    } catch (WebSocketException e) {
      state = State.HALTED;
      throw e;
    } finally {
      inputArray = null;
    }
  }

  /** Stops decoding: every later {@link #feed} is ignored (after a Close, or when failing). */
  public void halt() {
    state = State.HALTED;
  }

  public boolean isHalted() {
    return state == State.HALTED;
  }

  private int readHeader(Buffer input, int pos, int end) {
    while (headerRead < headerNeeded && pos < end) {
      header[headerRead++] = inputArray != null ? inputArray[inputBase + pos++] : input.getByte(pos++);
      if (headerRead == BASE_HEADER_BYTES) {
        headerNeeded = checkBaseHeader();
      }
    }
    if (headerRead == headerNeeded) {
      startFrame();
    }
    return pos;
  }

  /** Checks the two fixed bytes and returns the full header length they announce. */
  private int checkBaseHeader() {
    int b0 = header[0] & 0xFF;
    int b1 = header[1] & 0xFF;
    int rsvBits = b0 & B0_MASK_RSV;
    if ((rsvBits & ~allowedRsv) != 0) {
      throw new ProtocolException("RSV bits must be 0 without a negotiated extension (RFC 6455 §5.2)");
    }
    OpCode op = OpCode.fromCode(b0 & B0_MASK_OPCODE);
    if (op == null) {
      throw new ProtocolException("reserved opcode " + (b0 & B0_MASK_OPCODE) + " (RFC 6455 §5.2)");
    }
    boolean finBit = (b0 & B0_FLAG_FIN) != 0;
    if (op.isControl() && !finBit) {
      throw new ProtocolException("control frames must not be fragmented (RFC 6455 §5.5)");
    }
    if ((b1 & B1_FLAG_MASK) == 0) {
      throw new ProtocolException("client frames must be masked (RFC 6455 §5.1)");
    }
    int length7 = b1 & B1_MASK_LENGTH;
    if (op.isControl() && length7 > CONTROL_PAYLOAD_MAX) {
      throw new ProtocolException("control frame payload must be 125 bytes or less (RFC 6455 §5.5)");
    }
    fin = finBit;
    rsv = rsvBits;
    opCode = op;
    int extended = length7 == PAYLOAD_SHORT ? EXTENDED_LENGTH_SHORT_BYTES
        : length7 == PAYLOAD_LONG ? EXTENDED_LENGTH_LONG_BYTES : 0;
    return BASE_HEADER_BYTES + extended + MASK_KEY_BYTES;
  }

  private void startFrame() {
    int length7 = header[1] & B1_MASK_LENGTH;
    int at = BASE_HEADER_BYTES;
    long length;
    if (length7 == PAYLOAD_SHORT) {
      length = ((header[at] & 0xFF) << Byte.SIZE) | (header[at + 1] & 0xFF);
      at += EXTENDED_LENGTH_SHORT_BYTES;
    } else if (length7 == PAYLOAD_LONG) {
      length = 0;
      for (int i = 0; i < EXTENDED_LENGTH_LONG_BYTES; i++) {
        length = (length << Byte.SIZE) | (header[at + i] & 0xFF);
      }
      at += EXTENDED_LENGTH_LONG_BYTES;
      if (length < 0) {
        throw new ProtocolException("64-bit payload length must have its most significant bit 0 (RFC 6455 §5.2)");
      }
    } else {
      length = length7;
    }
    if (length > maxFramePayload) {
      throw new MessageTooBigException("frame payload of " + length + " bytes exceeds the limit of "
          + maxFramePayload + " (RFC 6455 §10.4)");
    }
    maskKey = ((header[at] & 0xFF) << 24) | ((header[at + 1] & 0xFF) << 16)
        | ((header[at + 2] & 0xFF) << 8) | (header[at + 3] & 0xFF);
    payloadLength = length;
    payloadRead = 0;
    headerRead = 0;
    headerNeeded = BASE_HEADER_BYTES;
    // Set state first: the listener may halt the parser.
    state = State.PAYLOAD;
    if (opCode.isControl()) {
      controlPayload = new byte[(int) length];
    } else {
      listener.onDataFrameStart(fin, rsv, opCode, length);
    }
    if (length == 0 && state == State.PAYLOAD) {
      endFrame();
    }
  }

  private int readPayload(Buffer input, int pos, int end, boolean owned) {
    int n = (int) Math.min(payloadLength - payloadRead, end - pos);
    if (opCode.isControl()) {
      input.getBytes(pos, pos + n, controlPayload, (int) payloadRead);
      Masking.unmask(controlPayload, (int) payloadRead, (int) payloadRead + n, maskKey, payloadRead);
    } else if (n > 0) {
      listener.onDataPayload(unmaskedChunk(input, pos, n, owned));
    }
    payloadRead += n;
    if (payloadRead == payloadLength && state == State.PAYLOAD) {
      endFrame();
    }
    return pos + n;
  }

  /**
   * {@code input[pos, pos + n)} unmasked: in place and sliced when {@code input} is ours and the
   * chunk is at least half of it, otherwise in a new array. From a heap buffer (what Vert.x hands
   * a NetSocket) the copy is {@link Arrays#copyOfRange}, which the JIT does without first zeroing
   * the new array.
   */
  private Buffer unmaskedChunk(Buffer input, int pos, int n, boolean owned) {
    if (inputArray == null) {
      byte[] copy = new byte[n];
      input.getBytes(pos, pos + n, copy, 0);
      Masking.unmask(copy, 0, n, maskKey, payloadRead);
      return Buffers.wrap(copy);
    }
    int start = inputBase + pos;
    if (owned && 2L * n >= input.length()) {
      Masking.unmask(inputArray, start, start + n, maskKey, payloadRead);
      return input.slice(pos, pos + n);
    }
    byte[] copy = Arrays.copyOfRange(inputArray, start, start + n);
    Masking.unmask(copy, 0, n, maskKey, payloadRead);
    return Buffers.wrap(copy);
  }

  private void endFrame() {
    // Set state first: the listener may halt the parser (a Close ends decoding).
    state = State.HEADER;
    if (opCode.isControl()) {
      byte[] payload = controlPayload;
      controlPayload = null;
      listener.onControlFrame(new Frame(true, rsv, opCode, Buffers.wrap(payload)));
    } else {
      listener.onDataFrameEnd();
    }
  }
}
