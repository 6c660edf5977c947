package io.wsgate.gateway.testing;

import java.util.HexFormat;

/** Byte-array fixtures for tests. */
public final class Bytes {

  private Bytes() {
  }

  /** "81 85 37 fa" → bytes; spaces are ignored. */
  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  public static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
