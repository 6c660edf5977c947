package io.wsgate.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Close frame bodies (RFC 6455 §5.5.1) and their status codes (§7.4). */
class ClosePayloadTest {

  private static Buffer hex(String hex) {
    String digits = hex.replace(" ", "");
    Buffer out = Buffer.buffer();
    for (int i = 0; i < digits.length(); i += 2) {
      out.appendByte((byte) Integer.parseInt(digits.substring(i, i + 2), 16));
    }
    return out;
  }

  private static String toHex(Buffer buffer) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < buffer.length(); i++) {
      out.append(i == 0 ? "" : " ").append(String.format("%02x", buffer.getByte(i) & 0xFF));
    }
    return out.toString();
  }

  private static Buffer codeBody(int code) {
    return Buffer.buffer().appendUnsignedShort(code);
  }

  // ---- parse -----------------------------------------------------------------------------------

  @Test
  void emptyBodyIsNoStatus() {
    ClosePayload close = ClosePayload.parse(Buffer.buffer()); // empty Close body
    assertEquals(CloseCode.NO_STATUS, close.code());
    assertEquals(1005, close.code().code());
    assertEquals("", close.reason());
  }

  @Test
  void oneByteBodyIsProtocolError() {
    FrameParserTest.assertError(assertThrows(ProtocolException.class, () -> ClosePayload.parse(hex("03"))), // half a code
        ProtocolException.class, CloseCode.PROTOCOL_ERROR);
  }

  @ParameterizedTest(name = "code {0}")
  @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999})
  void validCodeIsAccepted(int code) {
    ClosePayload close = ClosePayload.parse(codeBody(code));
    assertEquals(code, close.code().code());
    assertEquals("", close.reason());
  }

  @ParameterizedTest(name = "code {0}")
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
  void invalidCodeIsProtocolError(int code) {
    FrameParserTest.assertError(assertThrows(ProtocolException.class, () -> ClosePayload.parse(codeBody(code))),
        ProtocolException.class, CloseCode.PROTOCOL_ERROR);
    // With a reason as well.
    FrameParserTest.assertError(
        assertThrows(ProtocolException.class, () -> ClosePayload.parse(codeBody(code).appendString("bye"))),
        ProtocolException.class, CloseCode.PROTOCOL_ERROR);
  }

  @Test
  void codeAndReasonAreParsed() {
    ClosePayload close = ClosePayload.parse(hex("03 e8 62 79 65")); // 1000 "bye"
    assertEquals(CloseCode.NORMAL, close.code());
    assertEquals("bye", close.reason());
  }

  @Test
  void multiByteReasonIsParsed() {
    ClosePayload close = ClosePayload.parse(hex("0f a0 63 61 66 c3 a9 20 f0 9f 98 80")); // 4000 "café 😀"
    assertEquals(4000, close.code().code());
    assertEquals("café \uD83D\uDE00", close.reason());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "03 e8 ff",          // 1000, 0xFF (never valid)
      "03 e8 62 79 c3",    // 1000, "by" then a cut 2-byte sequence
      "03 e8 ed a0 80",    // 1000, UTF-16 surrogate U+D800
      "03 e8 c0 af",       // 1000, overlong "/"
      "03 e8 f4 90 80 80", // 1000, U+110000 (beyond Unicode)
  })
  void invalidUtf8ReasonIsInvalidPayload(String body) {
    FrameParserTest.assertError(assertThrows(InvalidPayloadException.class, () -> ClosePayload.parse(hex(body))),
        InvalidPayloadException.class, CloseCode.INVALID_PAYLOAD);
  }

  // ---- encode ----------------------------------------------------------------------------------

  @Test
  void codeAndReasonAreEncoded() {
    assertEquals("03 e8 62 79 65", toHex(new ClosePayload(CloseCode.NORMAL, "bye").encode())); // 1000 "bye"
    assertEquals("03 f1", toHex(new ClosePayload(CloseCode.MESSAGE_TOO_BIG, "").encode()));    // 1009, no reason
    assertEquals("13 87", toHex(new ClosePayload(new CloseCode(4999), "").encode()));         // 4999, no reason
  }

  @Test
  void noStatusEncodesToEmpty() {
    assertEquals(0, new ClosePayload(CloseCode.NO_STATUS, "").encode().length());
    assertEquals(0, new ClosePayload(CloseCode.NO_STATUS, "ignored").encode().length());
  }

  @ParameterizedTest(name = "{0} \"{1}\"")
  @CsvSource({
      "1000, ''",
      "1001, going away",
      "1011, 'café \uD83D\uDE00'",
      "3000, app",
      "4999, ''",
  })
  void encodeThenParseRoundTrips(int code, String reason) {
    ClosePayload sent = new ClosePayload(new CloseCode(code), reason);
    assertEquals(sent, ClosePayload.parse(sent.encode()));
  }

  @Test
  void longReasonIsCutAtACodePointBoundary() {
    String reason = "a".repeat(122) + "é"; // 124 UTF-8 bytes: "é" would straddle the 123-byte limit
    Buffer body = new ClosePayload(CloseCode.NORMAL, reason).encode();
    assertEquals(2 + 122, body.length());
    assertEquals(new ClosePayload(CloseCode.NORMAL, "a".repeat(122)), ClosePayload.parse(body));
  }

  @ParameterizedTest(name = "{0} ASCII + {1}: {2} reason bytes kept")
  @CsvSource({
      "123, '',           123", // exactly the limit
      "124, '',           123", // one ASCII byte over: cut to the limit
      "120, '€',          123", // 3-byte "€" ends exactly at the limit
      "121, '€',          121", // 3-byte "€" would straddle
      "121, '\uD83D\uDE00', 121", // 4-byte U+1F600 would straddle
      "119, '\uD83D\uDE00', 123", // 4-byte U+1F600 ends exactly at the limit
  })
  void reasonIsCutToFitAControlFrame(int ascii, String tail, int kept) {
    Buffer body = new ClosePayload(CloseCode.GOING_AWAY, "x".repeat(ascii) + tail).encode();
    assertEquals(2 + kept, body.length());
    assertTrue(body.length() <= WebSocketProtocol.CONTROL_PAYLOAD_MAX);
    // What is kept is a valid prefix of the reason.
    String parsed = ClosePayload.parse(body).reason();
    assertTrue(("x".repeat(ascii) + tail).startsWith(parsed));
    assertEquals(kept, parsed.getBytes(StandardCharsets.UTF_8).length);
  }
}
