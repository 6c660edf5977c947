package io.wsgate.bench.loadgen.ws;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Decodes server frames (unmasked, RFC 6455 §5.2) from whatever TCP delivers. The common case,
 * a whole frame inside one read, costs a few header reads and a zero-copy slice; only a header
 * or payload split across reads is gathered, with one bulk copy. Every framing rule a server
 * must follow is checked; a breach throws {@link ProtocolViolation} and the reader stops.
 */
public final class ServerFrameReader {

  /** Receives each complete frame; the payload is valid only during the call. */
  public interface FrameSink {
    void onFrame(boolean fin, int opcode, Buffer payload);
  }

  /** The server broke RFC 6455 framing. */
  public static final class ProtocolViolation extends RuntimeException {
    ProtocolViolation(String message) {
      super(message, null, false, false);
    }
  }

  private final long maxPayload;
  private final FrameSink sink;

  // A header split across reads is gathered here and decoded through a wrapping view.
  private final byte[] header = new byte[Rfc6455.MAX_HEADER_BYTES];
  private final Buffer headerView = BufferInternal.buffer(Unpooled.wrappedBuffer(header));
  private int headerHave;

  // A payload split across reads: its frame's first byte, the array being filled, and progress.
  private int pendingB0;
  private byte[] pendingPayload;
  private int pendingHave;

  private boolean failed;

  /** @param maxPayload largest frame payload accepted, at most {@code Integer.MAX_VALUE} (one array) */
  public ServerFrameReader(long maxPayload, FrameSink sink) {
    if (maxPayload > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("maxPayload must fit in one array");
    }
    this.maxPayload = maxPayload;
    this.sink = sink;
  }

  public void feed(Buffer in) {
    if (failed) {
      return;
    }
    try {
      int pos = 0;
      int end = in.length();
      while (pos < end) {
        if (pendingPayload != null) {
          pos = continuePayload(in, pos, end);
        } else if (headerHave == 0 && end - pos >= Rfc6455.BASE_HEADER_BYTES
            && end - pos >= headerLength(in.getUnsignedByte(pos + 1))) {
          pos = frame(in, pos, end);
        } else {
          pos = gatherHeader(in, pos, end);
        }
      }
    } catch (ProtocolViolation e) {
      failed = true;
      throw e;
    }
  }

  /** A header that starts at {@code pos} and is complete in {@code in}: decode it and its payload. */
  private int frame(Buffer in, int pos, int end) {
    int b0 = in.getUnsignedByte(pos);
    int b1 = in.getUnsignedByte(pos + 1);
    int headerLength = headerLength(b1);
    long length = payloadLength(in, pos, b1);
    check(b0, length);
    int start = pos + headerLength;
    if (end - start >= length) {
      int stop = start + (int) length;
      sink.onFrame((b0 & Rfc6455.B0_FIN) != 0, b0 & Rfc6455.B0_OPCODE, in.slice(start, stop));
      return stop;
    }
    pendingB0 = b0;
    pendingPayload = new byte[(int) length];
    pendingHave = 0;
    return continuePayload(in, start, end);
  }

  private int gatherHeader(Buffer in, int pos, int end) {
    while (pos < end) {
      header[headerHave++] = in.getByte(pos++);
      if (headerHave >= Rfc6455.BASE_HEADER_BYTES && headerHave == headerLength(header[1] & 0xFF)) {
        headerHave = 0;
        // Decode from the gathered copy; the payload (if any) continues in 'in' at pos.
        int b0 = header[0] & 0xFF;
        int b1 = header[1] & 0xFF;
        long length = payloadLength(headerView, 0, b1);
        check(b0, length);
        pendingB0 = b0;
        pendingPayload = new byte[(int) length];
        pendingHave = 0;
        if (length == 0) {
          completePayload();
        }
        return pos;
      }
    }
    return pos;
  }

  private int continuePayload(Buffer in, int pos, int end) {
    int n = Math.min(pendingPayload.length - pendingHave, end - pos);
    in.getBytes(pos, pos + n, pendingPayload, pendingHave);
    pendingHave += n;
    if (pendingHave == pendingPayload.length) {
      completePayload();
    }
    return pos + n;
  }

  private void completePayload() {
    byte[] payload = pendingPayload;
    pendingPayload = null;
    sink.onFrame((pendingB0 & Rfc6455.B0_FIN) != 0, pendingB0 & Rfc6455.B0_OPCODE,
        BufferInternal.buffer(Unpooled.wrappedBuffer(payload)));
  }

  /** Header length from byte 1; a masked server frame is a violation. */
  private static int headerLength(int b1) {
    if ((b1 & Rfc6455.B1_MASK) != 0) {
      throw new ProtocolViolation("server frame is masked (RFC 6455 §5.1)");
    }
    int marker = b1 & Rfc6455.B1_LENGTH;
    return Rfc6455.BASE_HEADER_BYTES + (marker == Rfc6455.LENGTH_16_MARKER ? Rfc6455.LENGTH_16_BYTES
        : marker == Rfc6455.LENGTH_64_MARKER ? Rfc6455.LENGTH_64_BYTES : 0);
  }

  private static long payloadLength(Buffer in, int pos, int b1) {
    int marker = b1 & Rfc6455.B1_LENGTH;
    int at = pos + Rfc6455.BASE_HEADER_BYTES;
    if (marker == Rfc6455.LENGTH_16_MARKER) {
      return in.getUnsignedShort(at);
    }
    if (marker == Rfc6455.LENGTH_64_MARKER) {
      long length = in.getLong(at);
      if (length < 0) {
        throw new ProtocolViolation("64-bit length with the top bit set (RFC 6455 §5.2)");
      }
      return length;
    }
    return marker;
  }

  private void check(int b0, long length) {
    if ((b0 & Rfc6455.B0_RSV) != 0) {
      throw new ProtocolViolation("RSV bit set without an extension (RFC 6455 §5.2)");
    }
    int opcode = b0 & Rfc6455.B0_OPCODE;
    boolean known = opcode == Rfc6455.OP_CONTINUATION || opcode == Rfc6455.OP_TEXT || opcode == Rfc6455.OP_BINARY
        || opcode == Rfc6455.OP_CLOSE || opcode == Rfc6455.OP_PING || opcode == Rfc6455.OP_PONG;
    if (!known) {
      throw new ProtocolViolation("reserved opcode " + opcode + " (RFC 6455 §5.2)");
    }
    if (Rfc6455.isControl(opcode) && ((b0 & Rfc6455.B0_FIN) == 0 || length > Rfc6455.CONTROL_PAYLOAD_MAX)) {
      throw new ProtocolViolation("control frame fragmented or over 125 bytes (RFC 6455 §5.5)");
    }
    if (length > maxPayload) {
      throw new ProtocolViolation("frame of " + length + " bytes over the client's limit of " + maxPayload);
    }
  }
}
