package io.wsgate.gateway.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** XOR masking (RFC 6455 §5.3), eight bytes per step. */
public final class Masking {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Masking() {
  }

  /**
   * Unmasks {@code data[from, to)} in place.
   *
   * @param maskKey the four key bytes, big-endian
   * @param payloadOffset how many payload bytes precede {@code from} in the frame, which selects
   *     the key byte that applies to {@code data[from]}
   */
  public static void unmask(byte[] data, int from, int to, int maskKey, long payloadOffset) {
    int key = Integer.rotateLeft(maskKey, (int) (payloadOffset & 3) * Byte.SIZE);
    long key64 = ((long) key << Integer.SIZE) | (key & 0xFFFF_FFFFL);
    int i = from;
    for (int end = to - Long.BYTES; i <= end; i += Long.BYTES) {
      LONGS.set(data, i, (long) LONGS.get(data, i) ^ key64);
    }
    // The tail continues the key cycle where the 8-byte steps (a multiple of 4) left it.
    for (int shift = Integer.SIZE - Byte.SIZE; i < to; i++) {
      data[i] ^= (byte) (key >>> shift);
      shift = shift == 0 ? Integer.SIZE - Byte.SIZE : shift - Byte.SIZE;
    }
  }
}
