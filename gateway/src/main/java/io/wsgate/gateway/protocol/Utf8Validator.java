package io.wsgate.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental, fail-fast UTF-8 validator for WebSocket text messages (RFC 6455 §8.1).
 *
 * <p>Fragments split code points at arbitrary bytes, so the state carries across {@link #feed}
 * calls. The automaton is derived from the byte-sequence table of RFC 3629 §4: every byte is
 * mapped to a class, and the state says which class may come next. The second byte of E0, ED,
 * F0 and F4 sequences has a narrower range (this rejects overlongs, surrogates and code points
 * above U+10FFFF), so the first byte that cannot begin or extend a valid sequence fails at once.
 * Not thread-safe: one instance per connection.
 */
public final class Utf8Validator {

  // Byte classes: the distinct ranges that appear in the RFC 3629 table.
  private static final int ASCII = 0, CONT_80_8F = 1, CONT_90_9F = 2, CONT_A0_BF = 3;
  private static final int LEAD2 = 4, LEAD_E0 = 5, LEAD3 = 6, LEAD_ED = 7;
  private static final int LEAD_F0 = 8, LEAD4 = 9, LEAD_F4 = 10, INVALID = 11, CLASSES = 12;

  // States, pre-multiplied by CLASSES so a transition is a single NEXT[state + class] lookup.
  private static final int ACCEPT = 0;                 // between code points
  private static final int REJECT = 1 * CLASSES;       // sticky until reset()
  private static final int TAIL1 = 2 * CLASSES;        // any 1 continuation byte left
  private static final int TAIL2 = 3 * CLASSES;        // any 2 continuation bytes left
  private static final int TAIL3 = 4 * CLASSES;        // any 3 continuation bytes left
  private static final int AFTER_E0 = 5 * CLASSES;     // A0..BF: below it is overlong
  private static final int AFTER_ED = 6 * CLASSES;     // 80..9F: above it is a surrogate
  private static final int AFTER_F0 = 7 * CLASSES;     // 90..BF: below it is overlong
  private static final int AFTER_F4 = 8 * CLASSES;     // 80..8F: above it is > U+10FFFF
  private static final int STATES = 9;

  /** Eight bytes of an array in one load; the byte order does not matter for the high-bit test. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final byte[] CLASS = new byte[256];
  private static final byte[] NEXT = new byte[STATES * CLASSES];

  static {
    classify(0x00, 0x7F, ASCII);
    classify(0x80, 0x8F, CONT_80_8F);
    classify(0x90, 0x9F, CONT_90_9F);
    classify(0xA0, 0xBF, CONT_A0_BF);
    classify(0xC0, 0xC1, INVALID); // could only encode U+0000..U+007F: always overlong
    classify(0xC2, 0xDF, LEAD2);
    classify(0xE0, 0xE0, LEAD_E0);
    classify(0xE1, 0xEC, LEAD3);
    classify(0xED, 0xED, LEAD_ED);
    classify(0xEE, 0xEF, LEAD3);
    classify(0xF0, 0xF0, LEAD_F0);
    classify(0xF1, 0xF3, LEAD4);
    classify(0xF4, 0xF4, LEAD_F4);
    classify(0xF5, 0xFF, INVALID); // would start code points above U+10FFFF

    Arrays.fill(NEXT, (byte) REJECT); // anything not listed below is invalid
    on(ACCEPT, ASCII, ACCEPT);
    on(ACCEPT, LEAD2, TAIL1);
    on(ACCEPT, LEAD_E0, AFTER_E0);
    on(ACCEPT, LEAD3, TAIL2);
    on(ACCEPT, LEAD_ED, AFTER_ED);
    on(ACCEPT, LEAD_F0, AFTER_F0);
    on(ACCEPT, LEAD4, TAIL3);
    on(ACCEPT, LEAD_F4, AFTER_F4);
    for (int cont = CONT_80_8F; cont <= CONT_A0_BF; cont++) {
      on(TAIL1, cont, ACCEPT);
      on(TAIL2, cont, TAIL1);
      on(TAIL3, cont, TAIL2);
    }
    on(AFTER_E0, CONT_A0_BF, TAIL1);
    on(AFTER_ED, CONT_80_8F, TAIL1);
    on(AFTER_ED, CONT_90_9F, TAIL1);
    on(AFTER_F0, CONT_90_9F, TAIL2);
    on(AFTER_F0, CONT_A0_BF, TAIL2);
    on(AFTER_F4, CONT_80_8F, TAIL2);
  }

  private static void classify(int first, int last, int byteClass) {
    Arrays.fill(CLASS, first, last + 1, (byte) byteClass);
  }

  private static void on(int state, int byteClass, int next) {
    NEXT[state + byteClass] = (byte) next;
  }

  private int state = ACCEPT;

  public Utf8Validator() {}

  /**
   * Validates bytes [from, to) of buf, continuing from previous calls. Returns false as soon as
   * the bytes seen so far can no longer be a prefix of valid UTF-8; stays failed until reset().
   */
  public boolean feed(Buffer buf, int from, int to) {
    Objects.checkFromToIndex(from, to, buf.length());
    state = run(state, buf, from, to);
    return state != REJECT;
  }

  public boolean feed(Buffer buf) {
    return feed(buf, 0, buf.length());
  }

  /** True when no code point is left incomplete (call at the end of a message). */
  public boolean isComplete() {
    return state == ACCEPT;
  }

  public void reset() {
    state = ACCEPT;
  }

  /** One-shot: the whole buffer is valid and complete UTF-8. */
  public static boolean isValid(Buffer buf) {
    return run(ACCEPT, buf, 0, buf.length()) == ACCEPT;
  }

  private static int run(int s, Buffer buf, int from, int to) {
    ByteBuf bytes = Buffers.byteBuf(buf);
    if (bytes.hasArray()) {
      // Heap bytes (every payload the parser hands over): read the array itself, 8 bytes a load.
      int base = bytes.arrayOffset() + bytes.readerIndex();
      return run(s, bytes.array(), base + from, base + to);
    }
    int i = from;
    while (i < to && s != REJECT) {
      if (s == ACCEPT) {
        // Text is mostly ASCII: between code points, 8 bytes without a high bit are 8 code points.
        while (to - i >= 8 && (buf.getLong(i) & 0x8080808080808080L) == 0) {
          i += 8;
        }
        if (i == to) {
          break;
        }
      }
      s = NEXT[s + CLASS[buf.getByte(i++) & 0xFF]];
    }
    return s;
  }

  private static int run(int s, byte[] bytes, int from, int to) {
    int i = from;
    while (i < to && s != REJECT) {
      if (s == ACCEPT) {
        while (to - i >= 8 && ((long) LONGS.get(bytes, i) & 0x8080808080808080L) == 0) {
          i += 8;
        }
        if (i == to) {
          break;
        }
      }
      s = NEXT[s + CLASS[bytes[i++] & 0xFF]];
    }
    return s;
  }
}
