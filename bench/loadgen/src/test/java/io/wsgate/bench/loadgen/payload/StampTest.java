package io.wsgate.bench.loadgen.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StampTest {

  private final Stamp stamp = new Stamp(64);
  private final Stamp.Values values = new Stamp.Values();

  @Test
  void readsBackWhatWasWritten() {
    byte[] message = new byte[64];
    stamp.write(message, 0, 42, -123_456_789L);
    assertTrue(stamp.read(Buffer.buffer(message), values));
    assertEquals(42, values.sequence);
    assertEquals(-123_456_789L, values.sentNanos);
  }

  @Test
  void anyChangedByteFails() {
    byte[] message = new byte[64];
    stamp.write(message, 0, 7, 1_000_000);
    for (int i = 0; i < message.length; i++) {
      byte[] changed = message.clone();
      changed[i] ^= 1;
      assertFalse(stamp.read(changed, 0, changed.length, values), "byte " + i + " changed");
    }
  }

  @Test
  void aMessageOfAnotherSequenceNumberFails() {
    byte[] first = new byte[64];
    byte[] second = new byte[64];
    stamp.write(first, 0, 1, 500);
    stamp.write(second, 0, 2, 500);
    System.arraycopy(first, 0, second, 0, 16); // sequence of one, filler of the other
    assertFalse(stamp.read(second, 0, 64, values));
  }

  @Test
  void aWrongLengthFails() {
    byte[] message = new byte[64];
    stamp.write(message, 0, 1, 1);
    assertFalse(stamp.read(Buffer.buffer(message).slice(0, 63), values));
  }

  @Test
  void isAsciiAndSafeInJsonStrings() {
    Stamp large = new Stamp(5000);
    byte[] message = new byte[5000];
    large.write(message, 0, 99, 12345);
    String text = new String(message, StandardCharsets.US_ASCII);
    assertTrue(text.matches("[0-9a-f]{32}[A-Za-z0-9]+"));
  }

  @Test
  void probesAreRecognised() {
    assertTrue(Stamp.isProbe(Buffer.buffer(Stamp.probe("ready"))));
    byte[] message = new byte[64];
    stamp.write(message, 0, 0, 0);
    assertFalse(Stamp.isProbe(Buffer.buffer(message)));
  }

  @Test
  void messagesShorterThanTheHeaderAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Stamp(Stamp.HEADER_BYTES - 1));
  }
}
