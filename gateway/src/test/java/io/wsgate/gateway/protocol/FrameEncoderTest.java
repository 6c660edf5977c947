package io.wsgate.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Server frames (RFC 6455 §5.2): unmasked (§5.1), minimal length encoding. */
class FrameEncoderTest {

  private static String toHex(Buffer buffer, int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      out.append(i == from ? "" : " ").append(String.format("%02x", buffer.getByte(i) & 0xFF));
    }
    return out.toString();
  }

  private static byte[] random(int length) {
    byte[] out = new byte[length];
    new Random(length).nextBytes(out);
    return out;
  }

  @ParameterizedTest(name = "{0} of {1} bytes: header {2}")
  @CsvSource({
      "TEXT,   0,     81 00",                         // text, 7-bit length 0
      "TEXT,   125,   81 7d",                         // text, 7-bit length 125
      "TEXT,   126,   81 7e 00 7e",                   // text, 16-bit length 126
      "TEXT,   65535, 81 7e ff ff",                   // text, 16-bit length 65535
      "TEXT,   65536, 81 7f 00 00 00 00 00 01 00 00", // text, 64-bit length 65536
      "BINARY, 0,     82 00",                         // binary, 7-bit length 0
      "BINARY, 125,   82 7d",                         // binary, 7-bit length 125
      "BINARY, 126,   82 7e 00 7e",                   // binary, 16-bit length 126
      "BINARY, 65535, 82 7e ff ff",                   // binary, 16-bit length 65535
      "BINARY, 65536, 82 7f 00 00 00 00 00 01 00 00", // binary, 64-bit length 65536
      "CLOSE,  0,     88 00",                         // Close, empty
      "CLOSE,  125,   88 7d",                         // Close, 125 bytes
      "PING,   0,     89 00",                         // Ping, empty
      "PING,   125,   89 7d",                         // Ping, 125 bytes
      "PONG,   0,     8a 00",                         // Pong, empty
      "PONG,   125,   8a 7d",                         // Pong, 125 bytes
  })
  void finalFrameHasTheMinimalUnmaskedHeader(OpCode opCode, int length, String header) {
    byte[] payload = random(length);
    Buffer frame = FrameEncoder.encode(opCode, Buffer.buffer(payload));
    int headerLength = FrameEncoder.headerLength(length);
    assertEquals(header, toHex(frame, 0, headerLength));
    assertEquals(headerLength + length, frame.length());
    assertArrayEquals(payload, frame.getBytes(headerLength, frame.length()));
  }

  @ParameterizedTest(name = "{0} of {1} bytes: header {2}")
  @CsvSource({
      "TEXT,         0,     01 00",                         // text, FIN=0, empty
      "TEXT,         126,   01 7e 00 7e",                   // text, FIN=0, 16-bit length 126
      "BINARY,       65536, 02 7f 00 00 00 00 00 01 00 00", // binary, FIN=0, 64-bit length 65536
      "CONTINUATION, 125,   00 7d",                         // continuation, FIN=0, 125 bytes
  })
  void nonFinalFrameHasFinClear(OpCode opCode, int length, String header) {
    Buffer frame = FrameEncoder.encode(false, opCode, Buffer.buffer(random(length)));
    assertEquals(header, toHex(frame, 0, FrameEncoder.headerLength(length)));
  }

  @Test
  void finalContinuationHasFinSet() {
    assertEquals("80 02 6c 6f", toHex(FrameEncoder.encode(true, OpCode.CONTINUATION, Buffer.buffer("lo")), 0, 4)); // continuation "lo", FIN=1
  }

  @Test
  void rfcUnmaskedTextHelloIsEncoded() {
    Buffer frame = FrameEncoder.encode(OpCode.TEXT, Buffer.buffer("Hello"));
    assertEquals("81 05 48 65 6c 6c 6f", toHex(frame, 0, frame.length())); // unmasked text "Hello" (RFC 6455 §5.7)
  }

  @Test
  void maskBitIsNeverSetAndFinAndOpcodeAreAsAsked() {
    for (int length : new int[] {0, 1, 125, 126, 127, 65535, 65536, 70000}) {
      for (OpCode opCode : OpCode.values()) {
        boolean fin = length % 2 == 0;
        Buffer frame = FrameEncoder.encode(fin, opCode, Buffer.buffer(random(length)));
        assertEquals(fin, (frame.getByte(0) & WebSocketProtocol.B0_FLAG_FIN) != 0, opCode + " of " + length);
        assertEquals(0, frame.getByte(1) & WebSocketProtocol.B1_FLAG_MASK, opCode + " of " + length);
        assertEquals(0, frame.getByte(0) & WebSocketProtocol.B0_MASK_RSV, opCode + " of " + length);
        assertEquals(opCode.code(), frame.getByte(0) & WebSocketProtocol.B0_MASK_OPCODE, opCode + " of " + length);
      }
    }
  }

  @ParameterizedTest(name = "{0} bytes: header of {1}")
  @CsvSource({"0, 2", "125, 2", "126, 4", "65535, 4", "65536, 10", "2147483647, 10"})
  void headerLengthFollowsTheLengthEncoding(int payloadLength, int headerLength) {
    assertEquals(headerLength, FrameEncoder.headerLength(payloadLength));
  }

  @Test
  void encodedFrameIsIndependentOfThePayloadBuffer() {
    Buffer payload = Buffer.buffer("Hello");
    Buffer frame = FrameEncoder.encode(OpCode.TEXT, payload);
    payload.setByte(0, (byte) 'J');
    assertEquals("81 05 48 65 6c 6c 6f", toHex(frame, 0, frame.length())); // still "Hello"
  }
}
