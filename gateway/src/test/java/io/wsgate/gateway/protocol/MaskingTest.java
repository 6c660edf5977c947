package io.wsgate.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** XOR masking (RFC 6455 §5.3) against a byte-by-byte reference. */
class MaskingTest {

  private static final int KEY = 0x37fa213d; // the RFC 6455 §5.7 key

  /** RFC 6455 §5.3: octet i is XORed with octet (i MOD 4) of the key. */
  private static void reference(byte[] data, int from, int to, int maskKey, long payloadOffset) {
    for (int i = from; i < to; i++) {
      int j = (int) ((payloadOffset + i - from) % 4);
      data[i] ^= (byte) (maskKey >>> (24 - 8 * j));
    }
  }

  @Test
  void matchesTheReferenceForEveryLengthAndPayloadOffset() {
    Random random = new Random(6455);
    for (int from : new int[] {0, 1, 3, 8}) {
      for (int length = 0; length <= 40; length++) {
        for (long payloadOffset = 0; payloadOffset <= 7; payloadOffset++) {
          assertUnmasksLikeTheReference(random, from, length, payloadOffset);
        }
      }
    }
  }

  /**
   * Both loops (8-byte steps below {@link Masking#KEY_STREAM_MIN}, the key stream from there to
   * {@link Masking#KEY_STREAM_MAX}, 8-byte steps again beyond it) at every alignment and key phase,
   * around each length boundary. One thread, so the key stream is reused: what an earlier call left
   * in it must not matter.
   */
  @Test
  void matchesTheReferenceAtEveryAlignmentAroundEachLoopBoundary() {
    Random random = new Random(17);
    int min = Masking.KEY_STREAM_MIN;
    int[] lengths = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 125, 126,
        min - 1, min, min + 1, min + 3, 1000, 16384, 65535, 65536, 65537};
    for (int length : lengths) {
      for (int from = 0; from <= 8; from++) {
        for (long payloadOffset = 0; payloadOffset <= 3; payloadOffset++) {
          assertUnmasksLikeTheReference(random, from, length, payloadOffset);
        }
      }
    }
  }

  @Test
  void rangesEndingBeyondTheKeyStreamMatchTheReference() {
    Random random = new Random(131);
    int max = Masking.KEY_STREAM_MAX;
    for (int from : new int[] {max - 1000, max - 300, max - 1, max, max + 5}) {
      for (long payloadOffset = 0; payloadOffset <= 3; payloadOffset++) {
        assertUnmasksLikeTheReference(random, from, 1000 + (int) payloadOffset, payloadOffset);
      }
    }
    assertUnmasksLikeTheReference(random, 3, max + 1, 1); // from the start of an array past the stream
  }

  /** Unmasks {@code length} random bytes at {@code from} of a larger array; its other bytes must stay as they were. */
  private static void assertUnmasksLikeTheReference(Random random, int from, int length, long payloadOffset) {
    byte[] data = new byte[from + length + 9];
    random.nextBytes(data);
    int key = random.nextInt();
    byte[] expected = data.clone();
    reference(expected, from, from + length, key, payloadOffset);
    Masking.unmask(data, from, from + length, key, payloadOffset);
    assertArrayEquals(expected, data,
        "from " + from + ", length " + length + ", payloadOffset " + payloadOffset + ", key " + Integer.toHexString(key));
  }

  @Test
  void rfcHelloIsUnmasked() {
    byte[] data = {0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58}; // "Hello" masked with 37 fa 21 3d (RFC 6455 §5.7)
    Masking.unmask(data, 0, data.length, KEY, 0);
    assertArrayEquals("Hello".getBytes(), data);
  }

  @Test
  void payloadOffsetBeyondIntRangeSelectsTheKeyByteModuloFour() {
    long payloadOffset = (1L << 40) + 6; // ≡ 2 (mod 4)
    byte[] data = new byte[19];
    new Random(19).nextBytes(data);
    byte[] expected = data.clone();
    reference(expected, 0, data.length, KEY, payloadOffset);
    Masking.unmask(data, 0, data.length, KEY, payloadOffset);
    assertArrayEquals(expected, data);
  }

  @Test
  void unmaskingInPiecesEqualsUnmaskingWhole() {
    byte[] whole = new byte[Masking.KEY_STREAM_MIN * 2 + 40]; // pieces on both sides of the key stream's threshold
    new Random(40).nextBytes(whole);
    for (int cut = 0; cut <= whole.length; cut++) {
      byte[] expected = whole.clone();
      Masking.unmask(expected, 0, expected.length, KEY, 0);
      byte[] pieces = whole.clone();
      Masking.unmask(pieces, 0, cut, KEY, 0);
      Masking.unmask(pieces, cut, pieces.length, KEY, cut);
      assertArrayEquals(expected, pieces, "cut at " + cut);
    }
  }

  @Test
  void maskingTwiceRestoresTheData() {
    byte[] original = new byte[33];
    new Random(33).nextBytes(original);
    byte[] data = original.clone();
    Masking.unmask(data, 0, data.length, KEY, 3);
    Masking.unmask(data, 0, data.length, KEY, 3);
    assertArrayEquals(original, data);
  }
}
