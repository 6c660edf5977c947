package io.wsgate.gateway.testing;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.wsgate.gateway.protocol.Buffers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Cuts a byte stream into the pieces a socket might deliver, for push parsers. */
public final class Pieces {

  private static final int SLICE_PADDING = 7;

  private Pieces() {
  }

  /** One piece per byte. */
  public static List<Buffer> oneByteEach(byte[] data, int from) {
    List<Buffer> out = new ArrayList<>(data.length - from);
    for (int i = from; i < data.length; i++) {
      out.add(Buffer.buffer(new byte[] {data[i]}));
    }
    return out;
  }

  /**
   * Pieces of 1..maxPiece bytes, lengths drawn from a generator seeded with the content, so a
   * given input is always cut the same way (fuzz findings must reproduce). Each piece is one of
   * three kinds of buffer, drawn the same way: its own array, a slice at an offset into a larger
   * one, or one with no accessible array; a parser that reads a buffer's backing array directly
   * (as FrameParser does) must get all three right.
   */
  public static List<Buffer> random(byte[] data, int from, int maxPiece) {
    SplittableRandom random = new SplittableRandom(Arrays.hashCode(data) * 31L + maxPiece);
    List<Buffer> out = new ArrayList<>();
    for (int at = from; at < data.length; ) {
      int n = Math.min(data.length - at, 1 + random.nextInt(maxPiece));
      out.add(piece(data, at, n, random.nextInt(3)));
      at += n;
    }
    return out;
  }

  private static Buffer piece(byte[] data, int at, int n, int kind) {
    switch (kind) {
      case 0:
        return Buffer.buffer(Arrays.copyOfRange(data, at, at + n));
      case 1:
        // Bytes around the piece that must never be read: arrayOffset() is not 0.
        byte[] padded = new byte[n + 2 * SLICE_PADDING];
        Arrays.fill(padded, (byte) 0xA5);
        System.arraycopy(data, at, padded, SLICE_PADDING, n);
        return Buffers.wrap(padded, SLICE_PADDING, n);
      default:
        // hasArray() is false for a read-only ByteBuf, as for a direct one (without off-heap memory to free).
        return BufferInternal.buffer(Unpooled.wrappedBuffer(Arrays.copyOfRange(data, at, at + n)).asReadOnly());
    }
  }

  /** The stream cut at the given offsets (sorted, duplicates and out-of-range ones ignored). */
  public static List<Buffer> at(byte[] data, int... offsets) {
    int[] cuts = Arrays.stream(offsets).filter(o -> o > 0 && o < data.length).sorted().distinct().toArray();
    List<Buffer> out = new ArrayList<>(cuts.length + 1);
    int start = 0;
    for (int cut : cuts) {
      out.add(Buffer.buffer(Arrays.copyOfRange(data, start, cut)));
      start = cut;
    }
    out.add(Buffer.buffer(Arrays.copyOfRange(data, start, data.length)));
    return out;
  }
}
