package io.wsgate.gateway.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wsgate.gateway.testing.Bytes;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.RawClient.ServerFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/** Shared assertions and byte helpers for the RFC 6455 conformance tests. */
final class Conformance {

  static final String ECHO = "/echo";
  /** Longest Close reason that fits a control frame (125 - 2 code bytes, RFC 6455 §5.5). */
  static final int MAX_CLOSE_REASON_BYTES = 123;

  private Conformance() {
  }

  // ---- bytes -----------------------------------------------------------------------------------

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Bytes from ints (so 0x80..0xFF need no casts). */
  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static byte[] hex(String hex) {
    return Bytes.hex(hex);
  }

  static byte[] concat(byte[]... parts) {
    return Bytes.concat(parts);
  }

  /** Printable ASCII of an exact length (valid UTF-8, not all one byte). */
  static byte[] ascii(int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) ('!' + i % 94);
    }
    return out;
  }

  /** Deterministic random bytes (covers every byte value, including 0x00 and 0xFF). */
  static byte[] randomBytes(int length, long seed) {
    byte[] out = new byte[length];
    new Random(seed).nextBytes(out);
    return out;
  }

  /** The first {@code n} bytes of an encoded frame: a frame the client never finishes sending. */
  static byte[] prefix(byte[] frame, int n) {
    return Arrays.copyOf(frame, n);
  }

  /** Header length of a masked client frame carrying {@code payloadLength} bytes. */
  static int maskedHeaderLength(int payloadLength) {
    return 2 + (payloadLength <= 125 ? 0 : payloadLength <= 0xFFFF ? 2 : 8) + 4;
  }

  static boolean isValidUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  // ---- writes that may outlive the connection --------------------------------------------------

  /**
   * Writes bytes one per write() where the server may fail the connection part-way (it should,
   * as soon as the bad byte arrives): a write error after that is expected, and the test then
   * checks what the server sent.
   */
  static void writeByteByByteUntilClosed(RawClient client, byte[] bytes) {
    try {
      client.writeByteByByte(bytes);
    } catch (IOException serverAlreadyClosed) {
      // expected once the server has failed the connection
    }
  }

  /** Writes bytes the server may refuse after having failed the connection on earlier ones. */
  static void writeUntilClosed(RawClient client, byte[] bytes) {
    try {
      client.write(bytes);
    } catch (IOException serverAlreadyClosed) {
      // expected once the server has failed the connection
    }
  }

  // ---- assertions ------------------------------------------------------------------------------

  /** A data frame from the server: unmasked, FIN, no RSV, the expected opcode and payload. */
  static void assertDataFrame(ServerFrame frame, int opcode, byte[] payload) {
    assertEquals(opcode, frame.opcode(), "opcode of the echoed frame");
    assertTrue(frame.fin(), "server frames carry a whole message: FIN must be set");
    assertEquals(0, frame.rsv(), "server must not set RSV bits without an extension (RFC 6455 §5.2)");
    assertFalse(frame.masked(), "server frames must not be masked (RFC 6455 §5.1)");
    if (!Arrays.equals(payload, frame.payload())) {
      fail("payload differs: expected " + payload.length + " bytes, got " + frame.payload().length
          + (payload.length <= 64 ? " (expected " + HexFormat.of().formatHex(payload) + ", got "
              + HexFormat.of().formatHex(frame.payload()) + ")" : ""));
    }
  }

  /** Reads the next frame and checks it is the echo of {@code payload}. */
  static void assertEcho(RawClient client, int opcode, byte[] payload) throws IOException {
    assertDataFrame(readOrFail(client, "echo"), opcode, payload);
  }

  /** Reads the next frame and checks it is a Pong carrying {@code payload} (RFC 6455 §5.5.3). */
  static void assertPong(RawClient client, byte[] payload) throws IOException {
    ServerFrame pong = readOrFail(client, "pong");
    assertEquals(RawClient.OP_PONG, pong.opcode(), "expected a Pong");
    assertTrue(pong.fin(), "control frames are never fragmented");
    assertFalse(pong.masked(), "server frames must not be masked");
    assertArrayEquals(payload, pong.payload(), "Pong must carry the Ping's application data");
  }

  /**
   * The connection was failed: the very next frame from the server is a Close with exactly
   * {@code code}, its reason is valid UTF-8 of at most 123 bytes, and the server then closes TCP.
   */
  static ServerFrame assertFailsWith(RawClient client, int code) throws IOException {
    ServerFrame close = readOrFail(client, "Close " + code);
    assertCloseFrame(close, code);
    assertTrue(client.serverClosedTcp(), "server must close TCP after its Close " + code);
    return close;
  }

  static void assertCloseFrame(ServerFrame close, int code) {
    assertEquals(RawClient.OP_CLOSE, close.opcode(),
        "expected Close " + code + " but got opcode " + close.opcode() + " payload " + close.payload().length
            + " bytes");
    assertTrue(close.fin(), "Close must have FIN set");
    assertFalse(close.masked(), "server frames must not be masked");
    assertEquals(code, close.closeCode(), "Close code (reason: \"" + close.closeReason() + "\")");
    byte[] reason = Arrays.copyOfRange(close.payload(), Math.min(2, close.payload().length), close.payload().length);
    assertTrue(reason.length <= MAX_CLOSE_REASON_BYTES, "Close reason longer than 123 bytes: " + reason.length);
    assertTrue(isValidUtf8(reason), "Close reason must be valid UTF-8 (RFC 6455 §5.5.1)");
  }

  /** Nothing more from the server but the end of the stream (no data frame, no Close). */
  static void assertNothingThenTcpClosed(RawClient client) throws IOException {
    assertTrue(client.serverClosedTcp(), "server must close TCP without sending anything more");
  }

  static ServerFrame readOrFail(RawClient client, String expected) throws IOException {
    try {
      return client.readFrame();
    } catch (IOException e) {
      throw new AssertionError("expected " + expected + " but reading failed: " + e, e);
    }
  }

  /** A fresh client on {@code path} completes a handshake and gets an echo, promptly. */
  static void assertStillServing(int port) throws IOException {
    long start = System.nanoTime();
    try (RawClient fresh = RawClient.open(port, ECHO)) {
      fresh.setTimeout(3000);
      byte[] payload = utf8("still serving ✓");
      fresh.sendText("still serving ✓");
      assertEcho(fresh, RawClient.OP_TEXT, payload);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 2000, "a fresh client took " + millis + " ms to be served");
  }
}
