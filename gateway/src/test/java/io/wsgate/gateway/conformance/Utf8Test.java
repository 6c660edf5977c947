package io.wsgate.gateway.conformance;

import static io.wsgate.gateway.conformance.Conformance.ECHO;
import static io.wsgate.gateway.conformance.Conformance.ascii;
import static io.wsgate.gateway.conformance.Conformance.assertEcho;
import static io.wsgate.gateway.conformance.Conformance.assertFailsWith;
import static io.wsgate.gateway.conformance.Conformance.assertPong;
import static io.wsgate.gateway.conformance.Conformance.assertStillServing;
import static io.wsgate.gateway.conformance.Conformance.concat;
import static io.wsgate.gateway.conformance.Conformance.hex;
import static io.wsgate.gateway.conformance.Conformance.isValidUtf8;
import static io.wsgate.gateway.conformance.Conformance.maskedHeaderLength;
import static io.wsgate.gateway.conformance.Conformance.prefix;
import static io.wsgate.gateway.conformance.Conformance.utf8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6455 §5.6/§8.1 (Autobahn 6.x): text messages must be valid UTF-8 (RFC 3629); an invalid
 * one fails the connection with 1007 as soon as the invalid byte arrives, whole or fragmented.
 */
@ExtendWith(VertxExtension.class)
class Utf8Test {

  private static int port;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    port = TestGateway.start(vertx, TestGateway.config()).webSocketPort();
  }

  static Stream<Arguments> validTexts() {
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("Autobahn 6.2", "Hello-µ@ßöäüàá-UTF-8!!"),
        Arguments.of("kosme", "κόσμε"),
        Arguments.of("2-byte min U+0080", "c280"),
        Arguments.of("2-byte max U+07FF", "dfbf"),
        Arguments.of("3-byte min U+0800", "e0a080"),
        Arguments.of("U+D7FF (below surrogates)", "ed9fbf"),
        Arguments.of("U+E000 (above surrogates)", "ee8080"),
        Arguments.of("U+FFFD", "efbfbd"),
        Arguments.of("U+FFFE noncharacter", "efbfbe"),
        Arguments.of("U+FFFF", "efbfbf"),
        Arguments.of("4-byte min U+10000", "f0908080"),
        Arguments.of("U+1F600", "f09f9880"),
        Arguments.of("U+10FFFF", "f48fbfbf"),
        Arguments.of("NUL", "00"),
        Arguments.of("ASCII runs with multi-byte at every alignment",
            "abcdefghij€klmnopq𝄞rstuvwxy\u07ffz0123456789\u0080ABCDEFGH\udbff\udfff"));
  }

  private static byte[] sample(String value) {
    return value.matches("([0-9a-f]{2})+") ? hex(value) : utf8(value);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validTexts")
  void validUtf8IsEchoed(String label, String value) throws IOException {
    byte[] text = sample(value);
    assertTrue(isValidUtf8(text));
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, RawClient.OP_TEXT, text);
      assertEcho(client, RawClient.OP_TEXT, text);
    }
  }

  @ParameterizedTest(name = "{0}, one byte per fragment")
  @MethodSource("validTexts")
  void validUtf8SplitIntoOneByteFragmentsIsEchoed(String label, String value) throws IOException {
    byte[] text = sample(value);
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(oneBytePerFragment(client, text));
      assertEcho(client, RawClient.OP_TEXT, text);
    }
  }

  private static byte[] oneBytePerFragment(RawClient client, byte[] text) {
    if (text.length == 0) {
      return client.frame(true, 0, RawClient.OP_TEXT, text);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < text.length; i++) {
      out.writeBytes(client.frame(i == text.length - 1, 0, i == 0 ? RawClient.OP_TEXT : RawClient.OP_CONTINUATION,
          new byte[] {text[i]}));
    }
    return out.toByteArray();
  }

  static Stream<Arguments> invalidTexts() {
    List<Arguments> cases = new ArrayList<>(List.of(
        Arguments.of("overlong C0 80", hex("c080")),
        Arguments.of("overlong C1 BF", hex("c1bf")),
        Arguments.of("overlong E0 80 80", hex("e08080")),
        Arguments.of("overlong E0 9F BF", hex("e09fbf")),
        Arguments.of("overlong F0 80 80 80", hex("f0808080")),
        Arguments.of("overlong F0 8F BF BF", hex("f08fbfbf")),
        Arguments.of("surrogate ED A0 80", hex("eda080")),
        Arguments.of("surrogate ED BF BF", hex("edbfbf")),
        Arguments.of("surrogate pair ED A0 80 ED B0 80", hex("eda080edb080")),
        Arguments.of("above U+10FFFF F4 90 80 80", hex("f4908080")),
        Arguments.of("F5 lead", hex("f5808080")),
        Arguments.of("5-byte form F8 88 80 80 80", hex("f888808080")),
        Arguments.of("FE", hex("fe")),
        Arguments.of("FF", hex("ff")),
        Arguments.of("lone continuation 80", hex("80")),
        Arguments.of("lone continuation BF", hex("bf")),
        Arguments.of("truncated E2 82 at message end", hex("e282")),
        Arguments.of("truncated C2 at message end", hex("c2")),
        Arguments.of("truncated F0 9F 98 at message end", hex("f09f98")),
        Arguments.of("lead then ASCII C2 41", hex("c241")),
        Arguments.of("3-byte lead then ASCII E2 82 41", hex("e28241")),
        Arguments.of("Autobahn 6.3.1 kosme + surrogate + edited", concat(utf8("κόσμε"), hex("eda080"), utf8("edited")))));
    // The validator skips ASCII 8 bytes at a time: put the bad byte at every alignment.
    for (int offset = 0; offset <= 17; offset++) {
      cases.add(Arguments.of("0x80 after " + offset + " ASCII bytes", concat(ascii(offset), hex("80"), ascii(9))));
      cases.add(Arguments.of("truncated E2 82 after " + offset + " ASCII bytes", concat(ascii(offset), hex("e282"))));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} -> 1007")
  @MethodSource("invalidTexts")
  void invalidUtf8FailsWith1007(String label, byte[] text) throws IOException {
    assertFalse(isValidUtf8(text));
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, RawClient.OP_TEXT, text);
      assertFailsWith(client, 1007);
    }
    assertStillServing(port);
  }

  @ParameterizedTest(name = "{0}, one byte per fragment -> 1007")
  @MethodSource("invalidTexts")
  void invalidUtf8SplitIntoOneByteFragmentsFailsWith1007(String label, byte[] text) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(oneBytePerFragment(client, text));
      assertFailsWith(client, 1007);
    }
  }

  @ParameterizedTest(name = "{0} in binary: echoed unchanged")
  @MethodSource("invalidTexts")
  void binaryMessagesAreNotValidated(String label, byte[] bytes) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, RawClient.OP_BINARY, bytes);
      assertEcho(client, RawClient.OP_BINARY, bytes);
    }
  }

  @Test
  void invalidByteInTheLastFragmentFailsWith1007() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(false, RawClient.OP_TEXT, utf8("Hello "));
      client.sendFrame(false, RawClient.OP_CONTINUATION, utf8("wonderful "));
      client.sendFrame(true, RawClient.OP_CONTINUATION, concat(utf8("wor"), hex("ff"), utf8("ld")));
      assertFailsWith(client, 1007);
    }
    assertStillServing(port);
  }

  @Test
  void truncatedSequenceAtTheEndOfAFragmentedMessageFailsWith1007() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(false, RawClient.OP_TEXT, utf8("price: "));
      client.sendFrame(true, RawClient.OP_CONTINUATION, hex("e282"));
      assertFailsWith(client, 1007);
    }
  }

  static Stream<Arguments> splitCodePoints() {
    return Stream.of(
        Arguments.of("€ as E2 | 82 AC", new byte[][] {hex("e2"), hex("82ac")}),
        Arguments.of("€ as E2 82 | AC", new byte[][] {hex("e282"), hex("ac")}),
        Arguments.of("😀 as F0 | 9F | 98 | 80", new byte[][] {hex("f0"), hex("9f"), hex("98"), hex("80")}),
        Arguments.of("U+10FFFF as F4 8F | BF BF", new byte[][] {hex("f48f"), hex("bfbf")}),
        Arguments.of("κόσμε split mid-character", new byte[][] {hex("ceba e1"), hex("bdb9cf83ce"), hex("bcceb5")}),
        Arguments.of("empty fragment inside a code point", new byte[][] {hex("c3"), new byte[0], hex("a9")}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("splitCodePoints")
  void codePointSplitAcrossFragmentsIsValid(String label, byte[][] parts) throws IOException {
    byte[] whole = concat(parts);
    try (RawClient client = RawClient.open(port, ECHO)) {
      for (int i = 0; i < parts.length; i++) {
        client.sendFrame(i == parts.length - 1, i == 0 ? RawClient.OP_TEXT : RawClient.OP_CONTINUATION, parts[i]);
      }
      assertEcho(client, RawClient.OP_TEXT, whole);
    }
  }

  @Test
  void codePointSplitAroundAPingIsValid() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(concat(
          client.frame(false, 0, RawClient.OP_TEXT, hex("f09f")),
          client.frame(true, 0, RawClient.OP_PING, hex("f09f")), // a Ping's payload is not text
          client.frame(true, 0, RawClient.OP_CONTINUATION, hex("9880"))));
      assertPong(client, hex("f09f"));
      assertEcho(client, RawClient.OP_TEXT, hex("f09f9880"));
    }
  }

  @Test
  void invalidSequenceSplitAcrossFragmentsFailsWith1007() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(false, RawClient.OP_TEXT, hex("ed"));
      client.sendFrame(true, RawClient.OP_CONTINUATION, hex("a080"));
      assertFailsWith(client, 1007);
    }
  }

  // ---- fail fast -------------------------------------------------------------------------------

  /**
   * §8.1 says invalid text fails the connection; failing fast means the server does not wait
   * for the rest of a frame that can no longer become valid. The frame announces 100 bytes and
   * the client sends only the first 10 (invalid ones), then waits.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("failFastPrefixes")
  void invalidPrefixOfAnUnfinishedFrameFailsFast(String label, byte[] firstBytes) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      byte[] payload = concat(firstBytes, ascii(100 - firstBytes.length));
      byte[] frame = client.frame(true, 0, RawClient.OP_TEXT, payload);
      client.write(prefix(frame, maskedHeaderLength(payload.length) + firstBytes.length));
      client.setTimeout(2000);
      assertFailsWith(client, 1007);
    }
    assertStillServing(port);
  }

  static Stream<Arguments> failFastPrefixes() {
    return Stream.of(
        Arguments.of("10 bytes starting C0 80", concat(hex("c080"), ascii(8))),
        Arguments.of("10 bytes of FF", hex("ffffffffffffffffffff")),
        Arguments.of("10 bytes: kosme then surrogate lead ED A0",
            concat(utf8("κόσμ"), hex("eda0"))),
        Arguments.of("10 bytes: ASCII then F4 90", concat(ascii(8), hex("f490"))));
  }

  /** Autobahn 6.4.1/6.4.2: a valid first fragment, then a fragment making it invalid; no third. */
  @Test
  void invalidMiddleFragmentFailsBeforeTheMessageEnds() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(false, RawClient.OP_TEXT, utf8("κόσμε"));
      client.setTimeout(200);
      try {
        client.readFrame();
        throw new AssertionError("a valid first fragment must not be answered");
      } catch (SocketTimeoutException expected) {
        // nothing yet: correct
      }
      client.setTimeout(2000);
      client.sendFrame(false, RawClient.OP_CONTINUATION, hex("f4908080"));
      assertFailsWith(client, 1007);
    }
  }

  /** Autobahn 6.4.3/6.4.4: one frame sent in chunks; the invalid chunk fails it at once. */
  @Test
  void invalidChunkOfASingleFrameFailsBeforeTheFrameEnds() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      byte[] payload = concat(utf8("κόσμε"), hex("f4908080"), utf8("edited"));
      byte[] frame = client.frame(true, 0, RawClient.OP_TEXT, payload);
      int header = maskedHeaderLength(payload.length);
      client.write(prefix(frame, header + 11)); // the valid "κόσμε"
      client.setTimeout(200);
      try {
        client.readFrame();
        throw new AssertionError("a valid prefix must not be answered");
      } catch (SocketTimeoutException expected) {
        // nothing yet: correct
      }
      client.setTimeout(2000);
      client.write(Arrays.copyOfRange(frame, header + 11, header + 15)); // F4 90 80 80
      assertFailsWith(client, 1007);
    }
  }
}
