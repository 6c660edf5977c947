package io.wsgate.gateway.protocol;

import static io.wsgate.gateway.protocol.WebSocketProtocol.B0_FLAG_FIN;
import static io.wsgate.gateway.protocol.WebSocketProtocol.BASE_HEADER_BYTES;
import static io.wsgate.gateway.protocol.WebSocketProtocol.EXTENDED_LENGTH_LONG_BYTES;
import static io.wsgate.gateway.protocol.WebSocketProtocol.EXTENDED_LENGTH_SHORT_BYTES;
import static io.wsgate.gateway.protocol.WebSocketProtocol.PAYLOAD_BYTE_MAX;
import static io.wsgate.gateway.protocol.WebSocketProtocol.PAYLOAD_LONG;
import static io.wsgate.gateway.protocol.WebSocketProtocol.PAYLOAD_SHORT;
import static io.wsgate.gateway.protocol.WebSocketProtocol.PAYLOAD_SHORT_MAX;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

/** Encodes server-to-client frames: unmasked (RFC 6455 §5.1), header and payload in one buffer. */
public final class FrameEncoder {

  private FrameEncoder() {
  }

  /** A complete, final frame; the result is independent of {@code payload}. */
  public static Buffer encode(OpCode opCode, Buffer payload) {
    return encode(true, opCode, payload);
  }

  public static Buffer encode(boolean fin, OpCode opCode, Buffer payload) {
    int length = payload.length();
    Buffer out = Buffer.buffer(headerLength(length) + length);
    out.appendByte((byte) ((fin ? B0_FLAG_FIN : 0) | opCode.code()));
    if (length <= PAYLOAD_BYTE_MAX) {
      out.appendByte((byte) length);
    } else if (length <= PAYLOAD_SHORT_MAX) {
      out.appendByte((byte) PAYLOAD_SHORT);
      out.appendUnsignedShort(length);
    } else {
      out.appendByte((byte) PAYLOAD_LONG);
      out.appendLong(length);
    }
    out.appendBuffer(payload);
    return out;
  }

  /**
   * Appends a complete, final frame to {@code out} (the caller made room for
   * {@link #headerLength} + the payload): header and payload written where they go, in one copy.
   */
  public static void encodeInto(ByteBuf out, OpCode opCode, Buffer payload) {
    int length = payload.length();
    int b0 = B0_FLAG_FIN | opCode.code();
    if (length <= PAYLOAD_BYTE_MAX) {
      out.writeShort(b0 << 8 | length);
    } else if (length <= PAYLOAD_SHORT_MAX) {
      out.writeShort(b0 << 8 | PAYLOAD_SHORT);
      out.writeShort(length);
    } else {
      out.writeShort(b0 << 8 | PAYLOAD_LONG);
      out.writeLong(length);
    }
    ByteBuf bytes = Buffers.byteBuf(payload);
    if (bytes.hasArray()) {
      out.writeBytes(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), length);
    } else {
      out.writeBytes(bytes, bytes.readerIndex(), length);
    }
  }

  /** Header bytes of an unmasked frame with this payload length. */
  public static int headerLength(int payloadLength) {
    if (payloadLength <= PAYLOAD_BYTE_MAX) {
      return BASE_HEADER_BYTES;
    }
    return BASE_HEADER_BYTES + (payloadLength <= PAYLOAD_SHORT_MAX
        ? EXTENDED_LENGTH_SHORT_BYTES : EXTENDED_LENGTH_LONG_BYTES);
  }
}
