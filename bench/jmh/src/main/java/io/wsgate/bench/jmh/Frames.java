package io.wsgate.bench.jmh;

import io.vertx.core.buffer.Buffer;
import io.wsgate.gateway.protocol.Masking;
import io.wsgate.gateway.protocol.OpCode;
import io.wsgate.gateway.protocol.WebSocketProtocol;
import java.util.SplittableRandom;

/** Test data for the benchmarks: masked client frames and payloads, reproducible (fixed seed). */
final class Frames {

  private static final long SEED = 6455;
  /** UTF-8 continuation bytes are 10xxxxxx. */
  private static final int CONTINUATION_MASK = 0xC0;
  private static final int CONTINUATION_BITS = 0x80;

  private Frames() {
  }

  /** ASCII payload: letters and digits. */
  static byte[] ascii(int size) {
    SplittableRandom random = new SplittableRandom(SEED);
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return out;
  }

  /**
   * Valid UTF-8 mixing 1-, 2-, 3- and 4-byte sequences (roughly a European/CJK/emoji chat mix),
   * cut at a code point boundary at or below {@code size}.
   */
  static byte[] mixedUtf8(int size) {
    String[] pieces = {"hello ", "größe ", "ça va ", "日本語 ", "中文 ", "😀 ", "🚀 ", "abc123 "};
    SplittableRandom random = new SplittableRandom(SEED);
    StringBuilder text = new StringBuilder();
    while (text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < size) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    byte[] all = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int end = size;
    while (end < all.length && (all[end] & CONTINUATION_MASK) == CONTINUATION_BITS) {
      end--; // never cut inside a sequence: the first byte left out must start one
    }
    return java.util.Arrays.copyOf(all, end);
  }

  /** One complete, final, masked client frame (RFC 6455 §5.2) carrying {@code payload}. */
  static Buffer maskedFrame(OpCode opCode, byte[] payload, int maskKey) {
    int length = payload.length;
    Buffer frame = Buffer.buffer(WebSocketProtocol.MAX_HEADER_BYTES + length);
    frame.appendByte((byte) (WebSocketProtocol.B0_FLAG_FIN | opCode.code()));
    if (length <= WebSocketProtocol.PAYLOAD_BYTE_MAX) {
      frame.appendByte((byte) (WebSocketProtocol.B1_FLAG_MASK | length));
    } else if (length <= WebSocketProtocol.PAYLOAD_SHORT_MAX) {
      frame.appendByte((byte) (WebSocketProtocol.B1_FLAG_MASK | WebSocketProtocol.PAYLOAD_SHORT));
      frame.appendUnsignedShort(length);
    } else {
      frame.appendByte((byte) (WebSocketProtocol.B1_FLAG_MASK | WebSocketProtocol.PAYLOAD_LONG));
      frame.appendLong(length);
    }
    frame.appendInt(maskKey);
    byte[] masked = payload.clone();
    Masking.unmask(masked, 0, masked.length, maskKey, 0); // XOR is its own inverse
    frame.appendBytes(masked);
    return frame;
  }
}
