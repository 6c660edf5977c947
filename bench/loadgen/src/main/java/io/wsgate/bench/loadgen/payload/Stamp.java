package io.wsgate.bench.loadgen.payload;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The content of every measured message, checked byte for byte when it comes back.
 *
 * <pre>
 * [ sequence: 16 hex digits ][ send time, System.nanoTime(): 16 hex digits ][ filler ... ]
 * </pre>
 *
 * The filler is a window of a random alphanumeric pattern whose offset is derived from both
 * numbers, so a changed byte anywhere (the numbers included) fails {@link #read} with near
 * certainty, and a message from another sequence number cannot pass as this one. Everything is
 * ASCII: valid as a text message and as a JSON string without escaping. Verification is one
 * vectorized {@link Arrays#equals} over the filler, no per-byte loop in Java.
 */
public final class Stamp {

  /** Hex digits per number. */
  private static final int NUMBER_CHARS = 16;
  /** Bytes before the filler; also the smallest message size. */
  public static final int HEADER_BYTES = 2 * NUMBER_CHARS;
  /** Probe messages (readiness checks, never measured) start with this byte, never a hex digit. */
  public static final byte PROBE_MARK = 'P';
  /** Distinct filler offsets; prime, so consecutive sequence numbers spread over all of them. */
  private static final int PERIOD = 4093;
  private static final long MIX = 0x9E37_79B9_7F4A_7C15L;
  private static final long SEED = 6455;
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int NIBBLE_BITS = 4;
  private static final int NIBBLE = 0xF;
  private static final int NOT_HEX = -1;
  private static final byte[] HEX_VALUE = new byte[256];

  static {
    Arrays.fill(HEX_VALUE, (byte) NOT_HEX);
    for (int i = 0; i < HEX.length; i++) {
      HEX_VALUE[HEX[i]] = (byte) i;
    }
  }

  /** The numbers read back from a message. */
  public static final class Values {
    public long sequence;
    public long sentNanos;
  }

  private final int size;
  private final byte[] pattern;
  /** Copy target for buffers without an accessible array (rare: direct buffers). */
  private final ThreadLocal<byte[]> scratch;

  /** @param size message size in bytes, at least {@link #HEADER_BYTES} */
  public Stamp(int size) {
    if (size < HEADER_BYTES) {
      throw new IllegalArgumentException("message size must be at least " + HEADER_BYTES + " bytes, got " + size);
    }
    this.size = size;
    int fillerBytes = size - HEADER_BYTES;
    pattern = new byte[PERIOD + fillerBytes];
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < pattern.length; i++) {
      pattern[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    scratch = ThreadLocal.withInitial(() -> new byte[size]);
  }

  public int size() {
    return size;
  }

  /** Writes a complete message of {@link #size} bytes at {@code dst[at]}. */
  public void write(byte[] dst, int at, long sequence, long sentNanos) {
    writeHex(dst, at, sequence);
    writeHex(dst, at + NUMBER_CHARS, sentNanos);
    System.arraycopy(pattern, fillerOffset(sequence, sentNanos), dst, at + HEADER_BYTES, size - HEADER_BYTES);
  }

  /** Checks a message; fills {@code out} and returns true only if every byte is as written. */
  public boolean read(Buffer message, Values out) {
    if (message.length() != size) {
      return false;
    }
    ByteBuf buf = ((BufferInternal) message).getByteBuf();
    if (buf.hasArray()) {
      return read(buf.array(), buf.arrayOffset() + buf.readerIndex(), size, out);
    }
    byte[] copy = scratch.get();
    message.getBytes(0, size, copy, 0);
    return read(copy, 0, size, out);
  }

  /** Like {@link #read(Buffer, Values)} for {@code src[at, at + length)}; {@code out} is undefined on false. */
  public boolean read(byte[] src, int at, int length, Values out) {
    if (length != size || !readNumbers(src, at, out)) {
      return false;
    }
    int offset = fillerOffset(out.sequence, out.sentNanos);
    return Arrays.equals(src, at + HEADER_BYTES, at + size, pattern, offset, offset + size - HEADER_BYTES);
  }

  /** Whether a message is a probe (see {@link #PROBE_MARK}). */
  public static boolean isProbe(Buffer message) {
    return message.length() > 0 && message.getByte(0) == PROBE_MARK;
  }

  /** A probe message: {@code P} then any ASCII tag. */
  public static byte[] probe(String tag) {
    return ((char) PROBE_MARK + tag).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static int fillerOffset(long sequence, long sentNanos) {
    return (int) Long.remainderUnsigned((sequence * MIX) ^ sentNanos, PERIOD);
  }

  private static void writeHex(byte[] dst, int at, long value) {
    for (int i = NUMBER_CHARS - 1; i >= 0; i--) {
      dst[at + i] = HEX[(int) (value & NIBBLE)];
      value >>>= NIBBLE_BITS;
    }
  }

  /** Parses both numbers; false if any digit is not lowercase hex (invalid digits are -1, so OR-ing finds them). */
  private static boolean readNumbers(byte[] src, int at, Values out) {
    int invalid = 0;
    long sequence = 0;
    long sentNanos = 0;
    for (int i = 0; i < NUMBER_CHARS; i++) {
      int digit = HEX_VALUE[src[at + i] & 0xFF];
      invalid |= digit;
      sequence = (sequence << NIBBLE_BITS) | (digit & NIBBLE);
    }
    for (int i = NUMBER_CHARS; i < HEADER_BYTES; i++) {
      int digit = HEX_VALUE[src[at + i] & 0xFF];
      invalid |= digit;
      sentNanos = (sentNanos << NIBBLE_BITS) | (digit & NIBBLE);
    }
    out.sequence = sequence;
    out.sentNanos = sentNanos;
    return invalid >= 0;
  }
}
