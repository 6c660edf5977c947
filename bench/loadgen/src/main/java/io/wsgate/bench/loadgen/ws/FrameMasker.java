package io.wsgate.bench.loadgen.ws;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds masked client frames (RFC 6455 §5.2, §5.3) in one array: the caller gets the array with
 * the header and key written, fills the payload in place, then {@link #seal} masks it and wraps
 * it without a copy. Each frame gets a fresh random key; {@code ThreadLocalRandom} rather than
 * {@code SecureRandom} because unpredictability only protects intermediaries from
 * cache poisoning, and a loopback benchmark has none, while a CSPRNG per frame would make the
 * client slower than the server it measures.
 */
public final class FrameMasker {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

  /** Position within the 4-byte key cycle. */
  private static final int KEY_PHASE = Rfc6455.MASK_KEY_BYTES - 1;

  private FrameMasker() {
  }

  /** Header bytes of a masked frame, key included. */
  public static int headerLength(int payloadLength) {
    int extended = payloadLength <= Rfc6455.LENGTH_7_MAX ? 0
        : payloadLength <= Rfc6455.LENGTH_16_MAX ? Rfc6455.LENGTH_16_BYTES : Rfc6455.LENGTH_64_BYTES;
    return Rfc6455.BASE_HEADER_BYTES + extended + Rfc6455.MASK_KEY_BYTES;
  }

  /**
   * A new array for a final frame with its header and a fresh mask key written; the payload
   * goes at {@code headerLength(payloadLength)}.
   */
  public static byte[] allocate(int opcode, int payloadLength) {
    int header = headerLength(payloadLength);
    byte[] frame = new byte[header + payloadLength];
    frame[0] = (byte) (Rfc6455.B0_FIN | opcode);
    int at = Rfc6455.BASE_HEADER_BYTES;
    if (payloadLength <= Rfc6455.LENGTH_7_MAX) {
      frame[1] = (byte) (Rfc6455.B1_MASK | payloadLength);
    } else if (payloadLength <= Rfc6455.LENGTH_16_MAX) {
      frame[1] = (byte) (Rfc6455.B1_MASK | Rfc6455.LENGTH_16_MARKER);
      SHORTS.set(frame, at, (short) payloadLength);
      at += Rfc6455.LENGTH_16_BYTES;
    } else {
      frame[1] = (byte) (Rfc6455.B1_MASK | Rfc6455.LENGTH_64_MARKER);
      LONGS.set(frame, at, (long) payloadLength);
      at += Rfc6455.LENGTH_64_BYTES;
    }
    INTS.set(frame, at, ThreadLocalRandom.current().nextInt());
    return frame;
  }

  /** Masks the payload of a frame from {@link #allocate} in place and wraps it (no copy). */
  public static Buffer seal(byte[] frame) {
    int header = headerLengthOf(frame);
    int key = (int) INTS.get(frame, header - Rfc6455.MASK_KEY_BYTES);
    xor(frame, header, frame.length, key);
    return BufferInternal.buffer(Unpooled.wrappedBuffer(frame));
  }

  /** A complete masked frame carrying {@code payload}. */
  public static Buffer frame(int opcode, byte[] payload) {
    byte[] frame = allocate(opcode, payload.length);
    System.arraycopy(payload, 0, frame, headerLength(payload.length), payload.length);
    return seal(frame);
  }

  /** XORs {@code data[from, to)} with the key cycle starting at key byte 0, eight bytes per step. */
  static void xor(byte[] data, int from, int to, int key) {
    long key64 = ((long) key << Integer.SIZE) | (key & 0xFFFF_FFFFL);
    int i = from;
    for (int end = to - Long.BYTES; i <= end; i += Long.BYTES) {
      LONGS.set(data, i, (long) LONGS.get(data, i) ^ key64);
    }
    // At most 7 tail bytes; the key byte for position p is byte (p - from) % 4, big-endian.
    for (; i < to; i++) {
      data[i] ^= (byte) (key >>> (Integer.SIZE - Byte.SIZE - ((i - from) & KEY_PHASE) * Byte.SIZE));
    }
  }

  /** The header length announced by byte 1, so {@link #seal} needs only the array. */
  private static int headerLengthOf(byte[] frame) {
    int marker = frame[1] & Rfc6455.B1_LENGTH;
    int extended = marker == Rfc6455.LENGTH_16_MARKER ? Rfc6455.LENGTH_16_BYTES
        : marker == Rfc6455.LENGTH_64_MARKER ? Rfc6455.LENGTH_64_BYTES : 0;
    return Rfc6455.BASE_HEADER_BYTES + extended + Rfc6455.MASK_KEY_BYTES;
  }
}
