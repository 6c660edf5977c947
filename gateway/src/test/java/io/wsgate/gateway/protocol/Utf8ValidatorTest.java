package io.wsgate.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8ValidatorTest {

  // ---- valid boundary code points -------------------------------------------------------------

  @Test
  void acceptsEmptyMessage() {
    assertValid("");
  }

  @Test
  void acceptsOneByteMinimumNul() {
    assertValid("00");
  }

  @Test
  void acceptsOneByteMaximum() {
    assertValid("7f");
  }

  @Test
  void acceptsTwoByteMinimum() {
    assertValid("c2 80"); // U+0080
  }

  @Test
  void acceptsTwoByteMaximum() {
    assertValid("df bf"); // U+07FF
  }

  @Test
  void acceptsThreeByteMinimum() {
    assertValid("e0 a0 80"); // U+0800
  }

  @Test
  void acceptsThreeByteMaximum() {
    assertValid("ef bf bf"); // U+FFFF
  }

  @Test
  void acceptsLastCodePointBeforeSurrogates() {
    assertValid("ed 9f bf"); // U+D7FF
  }

  @Test
  void acceptsFirstCodePointAfterSurrogates() {
    assertValid("ee 80 80"); // U+E000
  }

  @Test
  void acceptsReplacementCharacter() {
    assertValid("ef bf bd"); // U+FFFD
  }

  @Test
  void acceptsFourByteMinimum() {
    assertValid("f0 90 80 80"); // U+10000
  }

  @Test
  void acceptsFourByteMaximum() {
    assertValid("f4 8f bf bf"); // U+10FFFF
  }

  @Test
  void acceptsNoncharacters() {
    assertValid("ef bf be"); // U+FFFE
    assertValid("ef b7 90"); // U+FDD0
    assertValid("f4 8f bf be"); // U+10FFFE
  }

  @Test
  void acceptsMixedGreekText() {
    assertValid("ce ba e1 bd b9 cf 83 ce bc ce b5"); // "κόσμε"
    assertValid("41 c2 80 e0 a0 80 f0 90 80 80 7f");
  }

  // ---- invalid classes: the first byte that cannot extend a valid prefix fails ---------------

  @Test
  void rejectsOverlongTwoByteNul() {
    assertFailsAt("c0 80", 0);
  }

  @Test
  void rejectsOverlongTwoByteMaximum() {
    assertFailsAt("c1 bf", 0); // U+007F in two bytes
  }

  @Test
  void rejectsOverlongThreeByteNul() {
    assertFailsAt("e0 80 80", 1);
  }

  @Test
  void rejectsOverlongThreeByteMaximum() {
    assertFailsAt("e0 9f bf", 1); // U+07FF in three bytes
  }

  @Test
  void rejectsOverlongFourByteNul() {
    assertFailsAt("f0 80 80 80", 1);
  }

  @Test
  void rejectsOverlongFourByteMaximum() {
    assertFailsAt("f0 8f bf bf", 1); // U+FFFF in four bytes
  }

  @Test
  void failsFastOnSurrogateSecondByte() {
    assertFailsAt("ed a0 80", 1); // U+D800
    assertFailsAt("ed af bf", 1); // U+DBFF
    assertFailsAt("ed b0 80", 1); // U+DC00
    assertFailsAt("ed bf bf", 1); // U+DFFF
    assertFailsAt("ed a0 80 ed b0 80", 1); // CESU-8 surrogate pair
  }

  @Test
  void rejectsEverySurrogateAtItsSecondByte() {
    for (int cp = 0xD800; cp <= 0xDFFF; cp++) {
      Buffer buf = bytes(0xE0 | cp >> 12, 0x80 | (cp >> 6 & 0x3F), 0x80 | (cp & 0x3F));
      assertEquals(1, firstFailOneBytePerCall(buf), () -> dump(buf));
      assertFalse(Utf8Validator.isValid(buf));
    }
  }

  @Test
  void failsFastAboveMaximumCodePoint() {
    assertFailsAt("f4 90 80 80", 1); // U+110000
    assertFailsAt("f4 bf bf bf", 1);
    assertFailsAt("f5 80 80 80", 0);
    assertFailsAt("f7 bf bf bf", 0); // U+1FFFFF
  }

  @Test
  void rejectsBytesThatNeverAppearInUtf8() {
    for (int b : new int[] {0xC0, 0xC1, 0xF5, 0xF6, 0xF7, 0xF8, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF}) {
      assertFailsAt(String.format("%02x", b), 0);
      assertFailsAt(String.format("41 42 %02x 43", b), 2);
    }
  }

  @Test
  void rejectsFiveAndSixByteForms() {
    assertFailsAt("f8 88 80 80 80", 0);
    assertFailsAt("fc 84 80 80 80 80", 0);
  }

  @Test
  void rejectsStrayContinuationBytes() {
    for (int b = 0x80; b <= 0xBF; b++) {
      assertFailsAt(String.format("%02x", b), 0);
    }
    assertFailsAt("41 80", 1);
    assertFailsAt("c2 80 80", 2);
    assertFailsAt("ef bf bf bf", 3);
    assertFailsAt("f4 8f bf bf 80", 4);
  }

  @Test
  void rejectsSequenceInterruptedByAscii() {
    assertFailsAt("c2 41", 1);
    assertFailsAt("e1 80 41", 2);
    assertFailsAt("f1 80 80 41", 3);
  }

  @Test
  void rejectsSequenceInterruptedByAnotherLeadByte() {
    assertFailsAt("c2 c2 80", 1);
    assertFailsAt("e1 80 e1 80 80", 2);
    assertFailsAt("f0 90 80 f0 90 80 80", 3);
  }

  // ---- truncation --------------------------------------------------------------------------

  @Test
  void reportsIncompleteForTruncatedSequences() {
    for (String s : new String[] {"c2", "df", "e0", "e0 a0", "e1 80", "ed 9f", "ef bf", "f0",
        "f0 90", "f0 90 80", "f4 8f bf", "f1 80 80", "41 42 43 ce", "ce ba e1 bd"}) {
      assertTruncated(s);
    }
  }

  @Test
  void completesCodePointSplitAcrossTwoFeedsAtEveryOffset() {
    for (String s : new String[] {"c2 80", "df bf", "e0 a0 80", "ed 9f bf", "ee 80 80",
        "ef bf bd", "f0 90 80 80", "f4 8f bf bf"}) {
      Buffer buf = hex(s);
      for (int cut = 1; cut < buf.length(); cut++) {
        Utf8Validator v = new Utf8Validator();
        assertTrue(v.feed(buf, 0, cut), s);
        assertFalse(v.isComplete(), s + " cut at " + cut);
        assertTrue(v.feed(buf, cut, buf.length()), s);
        assertTrue(v.isComplete(), s + " cut at " + cut);
      }
    }
  }

  // ---- fail-fast position and chunk handling ---------------------------------------------------

  @Test
  void failsFastAtTheSurrogateByteWhenFedOneByteAtATime() {
    Buffer buf = hex("ce ba e1 bd b9 ce bc ce b5 ed a0 80 65 64 69 74 65 64");
    Utf8Validator v = new Utf8Validator();
    for (int i = 0; i < buf.length(); i++) {
      assertEquals(i < 10, v.feed(buf, i, i + 1), "byte " + i); // index 10 is the A0
    }
  }

  @Test
  void rejectsInvalidByteInLastChunk() {
    Utf8Validator v = new Utf8Validator();
    assertTrue(v.feed(hex("ce ba e1 bd b9")));
    assertTrue(v.feed(hex("cf 83 ce")));
    assertFalse(v.feed(hex("bc ff")));
    assertFalse(v.isComplete());
  }

  @Test
  void staysFailedUntilReset() {
    Utf8Validator v = new Utf8Validator();
    assertFalse(v.feed(hex("c0")));
    assertFalse(v.feed(hex("41")));
    assertFalse(v.feed(hex("")));
    assertFalse(v.isComplete());
    v.reset();
    assertTrue(v.isComplete());
    assertTrue(v.feed(hex("41 c2 80")));
    assertTrue(v.isComplete());
  }

  @Test
  void resetDiscardsIncompleteCodePoint() {
    Utf8Validator v = new Utf8Validator();
    assertTrue(v.feed(hex("e1 80")));
    v.reset();
    assertFalse(v.feed(hex("80")), "a continuation byte after reset is stray");
  }

  @Test
  void validatesOnlyTheRequestedRange() {
    // Invalid bytes around the range, and a range length that is not a multiple of 8, so the
    // 8-byte fast path must not read past `to`.
    Buffer buf = hex("ff ff 41 42 43 44 45 46 47 48 49 4a 4b ff ff ff ff ff ff ff ff");
    for (int to = 2; to <= 13; to++) {
      Utf8Validator v = new Utf8Validator();
      assertTrue(v.feed(buf, 2, to), "to=" + to);
      assertTrue(v.isComplete());
    }
  }

  @Test
  void rejectsOutOfRangeIndices() {
    Utf8Validator v = new Utf8Validator();
    Buffer buf = hex("41 42 43");
    assertThrows(IndexOutOfBoundsException.class, () -> v.feed(buf, -1, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> v.feed(buf, 2, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> v.feed(buf, 0, 4));
  }

  // ---- ASCII fast path ---------------------------------------------------------------------

  @Test
  void failsAtExactPositionOfInvalidByteInAsciiRunAtEveryAlignment() {
    for (int bad : new int[] {0x80, 0xBF, 0xC0, 0xC1, 0xF5, 0xFF}) {
      for (int pos = 0; pos <= 17; pos++) {
        for (int from = 0; from < 8; from++) {
          byte[] b = new byte[from + 40];
          Arrays.fill(b, (byte) 'a');
          b[from + pos] = (byte) bad;
          Buffer buf = Buffer.buffer(b);
          String what = String.format("%02x at %d, from %d", bad, pos, from);
          assertFalse(new Utf8Validator().feed(buf, from, b.length), what);
          assertFalse(Utf8Validator.isValid(buf), what);
          Utf8Validator v = new Utf8Validator();
          assertTrue(v.feed(buf, from, from + pos), what);
          assertFalse(v.feed(buf, from + pos, from + pos + 1), what);
        }
      }
    }
  }

  @Test
  void acceptsMultibyteCodePointAtEveryAlignmentInAsciiRun() {
    for (String s : new String[] {"c2 80", "ef bf bd", "f4 8f bf bf"}) {
      Buffer cp = hex(s);
      for (int pos = 0; pos <= 17; pos++) {
        Buffer buf = Buffer.buffer("x".repeat(pos)).appendBuffer(cp).appendString("y".repeat(20));
        assertValid(buf);
        Buffer cut = buf.getBuffer(0, pos + cp.length() - 1);
        assertTruncated(cut);
      }
    }
  }

  @Test
  void acceptsLongAsciiMessageInUnevenChunks() {
    byte[] b = new byte[100_003];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i % 128);
    }
    Buffer buf = Buffer.buffer(b);
    assertTrue(Utf8Validator.isValid(buf));
    Utf8Validator v = new Utf8Validator();
    for (int i = 0; i < b.length; i += 4099) {
      assertTrue(v.feed(buf, i, Math.min(b.length, i + 4099)));
    }
    assertTrue(v.isComplete());
  }

  // ---- exhaustive and randomized cross-checks ------------------------------------------------

  @Test
  void acceptsEveryScalarValueInOneMessage() {
    StringBuilder sb = new StringBuilder();
    for (int cp = 0; cp <= 0x10FFFF; cp++) {
      if (cp < 0xD800 || cp > 0xDFFF) {
        sb.appendCodePoint(cp);
      }
    }
    Buffer buf = Buffer.buffer(sb.toString().getBytes(StandardCharsets.UTF_8));
    assertTrue(Utf8Validator.isValid(buf));
    for (int chunk : new int[] {1, 2, 3, 5, 7, 13, 4096}) {
      Utf8Validator v = new Utf8Validator();
      for (int i = 0; i < buf.length(); i += chunk) {
        assertTrue(v.feed(buf, i, Math.min(buf.length(), i + chunk)), "chunk " + chunk);
      }
      assertTrue(v.isComplete(), "chunk " + chunk);
    }
  }

  @Test
  void agreesWithJdkDecoderOnEveryTwoBytePair() {
    for (int pair = 0; pair < 0x10000; pair++) {
      assertAgreesWithJdk(new byte[] {(byte) (pair >> 8), (byte) pair});
    }
  }

  @Test
  void agreesWithJdkDecoderOnRandomInput() {
    Random rnd = new Random(20_250_101L);
    int valid = 0;
    int invalid = 0;
    int truncated = 0;
    for (int n = 0; n < 20_000; n++) {
      byte[] b = rnd.nextBoolean() ? randomHighBytes(rnd) : damagedText(rnd);
      switch (assertAgreesWithJdk(b)) {
        case VALID -> valid++;
        case TRUNCATED -> truncated++;
        case INVALID -> invalid++;
      }
    }
    // Guard against a generator that only ever exercises one outcome.
    assertTrue(valid > 2_000 && invalid > 2_000 && truncated > 500,
        valid + " valid, " + invalid + " invalid, " + truncated + " truncated");
  }

  // ---- helpers -------------------------------------------------------------------------------

  private enum Verdict { VALID, TRUNCATED, INVALID }

  private static final CharsetDecoder JDK = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  private static Buffer hex(String s) {
    return Buffer.buffer(HexFormat.of().parseHex(s.replace(" ", "")));
  }

  private static Buffer bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return Buffer.buffer(b);
  }

  private static String dump(Buffer buf) {
    return HexFormat.ofDelimiter(" ").formatHex(buf.getBytes());
  }

  private static void assertValid(String s) {
    assertValid(hex(s));
  }

  private static void assertValid(Buffer buf) {
    assertVerdict(buf, Verdict.VALID, -1);
  }

  private static void assertTruncated(String s) {
    assertTruncated(hex(s));
  }

  private static void assertTruncated(Buffer buf) {
    assertVerdict(buf, Verdict.TRUNCATED, -1);
  }

  private static void assertFailsAt(String s, int failAt) {
    assertVerdict(hex(s), Verdict.INVALID, failAt);
  }

  /**
   * Checks one input every way it can arrive: whole, one-shot, one byte per call, split into two
   * feeds at every offset, and as a sub-range of a larger buffer padded with invalid bytes.
   */
  private static void assertVerdict(Buffer buf, Verdict expected, int failAt) {
    String what = dump(buf);
    int n = buf.length();
    boolean ok = expected != Verdict.INVALID;
    boolean complete = expected == Verdict.VALID;

    assertEquals(complete, Utf8Validator.isValid(buf), what);
    Utf8Validator whole = new Utf8Validator();
    assertEquals(ok, whole.feed(buf), what);
    assertEquals(complete, whole.isComplete(), what);
    // Off the heap (no backing array), the other code path: the same verdict.
    Buffer direct = BufferInternal.buffer(Unpooled.directBuffer(n).writeBytes(buf.getBytes()));
    assertEquals(complete, Utf8Validator.isValid(direct), what + " (direct)");
    Utf8Validator wholeDirect = new Utf8Validator();
    assertEquals(ok, wholeDirect.feed(direct), what + " (direct)");
    assertEquals(complete, wholeDirect.isComplete(), what + " (direct)");
    // A slice starts inside its array (a payload sliced out of a read): the offset must count.
    Buffer slice = Buffer.buffer(new byte[] {(byte) 0xFF, 'a', 'b'}).appendBuffer(buf).slice(3, 3 + n);
    assertEquals(complete, Utf8Validator.isValid(slice), what + " (slice)");

    assertEquals(failAt, firstFailOneBytePerCall(buf), what);

    for (int cut = 0; cut <= n; cut++) {
      Utf8Validator v = new Utf8Validator();
      assertEquals(failAt < 0 || failAt >= cut, v.feed(buf, 0, cut), what + " cut " + cut);
      assertEquals(ok, v.feed(buf, cut, n), what + " cut " + cut);
      assertEquals(complete, v.isComplete(), what + " cut " + cut);
    }

    for (int pad = 0; pad < 9; pad++) {
      byte[] junk = new byte[pad];
      Arrays.fill(junk, (byte) 0xFF);
      Buffer padded = Buffer.buffer(junk).appendBuffer(buf).appendBytes(new byte[] {
          (byte) 0xFF, (byte) 0x80, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
      Utf8Validator v = new Utf8Validator();
      assertEquals(ok, v.feed(padded, pad, pad + n), what + " pad " + pad);
      assertEquals(complete, v.isComplete(), what + " pad " + pad);
    }
  }

  /** Feeds one byte per call; returns the index of the first false, or -1. */
  private static int firstFailOneBytePerCall(Buffer buf) {
    Utf8Validator v = new Utf8Validator();
    int first = -1;
    for (int i = 0; i < buf.length(); i++) {
      boolean ok = v.feed(buf, i, i + 1);
      if (!ok && first < 0) {
        first = i;
      }
      assertTrue(ok || first >= 0, "false must stay false");
      assertFalse(first >= 0 && ok, "recovered after failing at " + first);
    }
    return first;
  }

  /**
   * The JDK decoder is the oracle for the full verdict. For fail-fast it defines the prefix
   * property: the first rejected byte ends the shortest prefix that no continuation can complete.
   */
  private static Verdict assertAgreesWithJdk(byte[] b) {
    Buffer buf = Buffer.buffer(b);
    String what = dump(buf);
    int failAt = firstFailOneBytePerCall(buf);
    Utf8Validator v = new Utf8Validator();
    boolean ok = v.feed(buf);
    assertEquals(failAt < 0, ok, what);
    assertEquals(jdkValid(b, b.length), ok && v.isComplete(), what);
    assertEquals(jdkValid(b, b.length), Utf8Validator.isValid(buf), what);
    if (failAt >= 0) {
      assertTrue(completable(b, failAt), what + ": rejected a completable prefix at " + failAt);
      assertFalse(completable(b, failAt + 1), what + ": byte " + failAt + " should be valid");
      return Verdict.INVALID;
    }
    assertTrue(completable(b, b.length), what);
    return v.isComplete() ? Verdict.VALID : Verdict.TRUNCATED;
  }

  /** Whether b[0, len) followed by at most three continuation bytes can be valid per the JDK. */
  private static boolean completable(byte[] b, int len) {
    byte[] probe = Arrays.copyOf(b, len + 3);
    return completable(probe, len, 0);
  }

  private static boolean completable(byte[] probe, int len, int added) {
    if (jdkValid(probe, len + added)) {
      return true;
    }
    if (added == 3) {
      return false;
    }
    // One representative of each continuation range the RFC 3629 table distinguishes.
    for (int cont : new int[] {0x80, 0x90, 0xA0}) {
      probe[len + added] = (byte) cont;
      if (completable(probe, len, added + 1)) {
        return true;
      }
    }
    return false;
  }

  private static boolean jdkValid(byte[] b, int len) {
    // Same as JDK.decode(...) but via CoderResult: exceptions would dominate the run time.
    JDK.reset();
    CoderResult r = JDK.decode(ByteBuffer.wrap(b, 0, len), CharBuffer.allocate(len), true);
    return !r.isError() && !JDK.flush(CharBuffer.allocate(0)).isError();
  }

  /** Random bytes weighted toward lead and continuation bytes. */
  private static byte[] randomHighBytes(Random rnd) {
    byte[] b = new byte[rnd.nextInt(17)];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) switch (rnd.nextInt(4)) {
        case 0 -> rnd.nextInt(0x80);
        case 1 -> 0x80 + rnd.nextInt(0x40);
        default -> 0xC0 + rnd.nextInt(0x40);
      };
    }
    return b;
  }

  /** Valid text of 1..4-byte code points, often with a byte replaced, dropped or appended. */
  private static byte[] damagedText(Random rnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int count = rnd.nextInt(8);
    for (int i = 0; i < count; i++) {
      int cp;
      do {
        cp = switch (rnd.nextInt(5)) {
          case 0 -> rnd.nextInt(0x80);
          case 1 -> 0x80 + rnd.nextInt(0x780);
          case 2 -> 0x800 + rnd.nextInt(0xF800);
          case 3 -> 0x10000 + rnd.nextInt(0x100000);
          default -> new int[] {0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF,
              0x10000, 0x10FFFF}[rnd.nextInt(10)];
        };
      } while (cp >= 0xD800 && cp <= 0xDFFF);
      out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
    }
    byte[] b = out.toByteArray();
    switch (rnd.nextInt(4)) {
      case 0 -> { } // leave valid
      case 1 -> { // replace one byte with a byte biased toward the high half
        if (b.length > 0) {
          b[rnd.nextInt(b.length)] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256)
              : 0x80 + rnd.nextInt(0x80));
        }
      }
      case 2 -> b = Arrays.copyOf(b, Math.max(0, b.length - 1 - rnd.nextInt(3))); // truncate
      default -> { // append a stray high byte
        b = Arrays.copyOf(b, b.length + 1);
        b[b.length - 1] = (byte) (0x80 + rnd.nextInt(0x80));
      }
    }
    return b;
  }
}
