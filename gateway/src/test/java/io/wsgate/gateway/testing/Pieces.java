package io.wsgate.gateway.testing;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Cuts a byte stream into the pieces a socket might deliver, for push parsers. */
public final class Pieces {

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
   * given input is always cut the same way (fuzz findings must reproduce).
   */
  public static List<Buffer> random(byte[] data, int from, int maxPiece) {
    SplittableRandom random = new SplittableRandom(Arrays.hashCode(data) * 31L + maxPiece);
    List<Buffer> out = new ArrayList<>();
    for (int at = from; at < data.length; ) {
      int n = Math.min(data.length - at, 1 + random.nextInt(maxPiece));
      out.add(Buffer.buffer(Arrays.copyOfRange(data, at, at + n)));
      at += n;
    }
    return out;
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
