package io.wsgate.gateway.conformance;

import static io.wsgate.gateway.conformance.Conformance.ECHO;
import static io.wsgate.gateway.conformance.Conformance.ascii;
import static io.wsgate.gateway.conformance.Conformance.assertEcho;
import static io.wsgate.gateway.conformance.Conformance.assertFailsWith;
import static io.wsgate.gateway.conformance.Conformance.assertStillServing;
import static io.wsgate.gateway.conformance.Conformance.concat;
import static io.wsgate.gateway.conformance.Conformance.maskedHeaderLength;
import static io.wsgate.gateway.conformance.Conformance.randomBytes;
import static io.wsgate.gateway.conformance.Conformance.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 §5.2 base framing (Autobahn 1.1.x text, 1.2.x binary): payload lengths on every
 * boundary of the 7/16/64-bit length encodings, partial reads, and many frames per read.
 */
@ExtendWith(VertxExtension.class)
class FramingTest {

  private static int port;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    port = TestGateway.start(vertx, TestGateway.config()).webSocketPort();
  }

  static final int[] LENGTHS = {0, 1, 125, 126, 127, 128, 65535, 65536, 1 << 20};

  static Stream<Arguments> lengthsAndTypes() {
    List<Arguments> cases = new ArrayList<>();
    for (int opcode : new int[] {RawClient.OP_TEXT, RawClient.OP_BINARY}) {
      for (int length : LENGTHS) {
        cases.add(Arguments.of(opcode == RawClient.OP_TEXT ? "text" : "binary", opcode, length));
      }
    }
    return cases.stream();
  }

  private static byte[] payload(int opcode, int length) {
    return opcode == RawClient.OP_TEXT ? ascii(length) : randomBytes(length, length);
  }

  @ParameterizedTest(name = "{0} of {2} bytes")
  @MethodSource("lengthsAndTypes")
  void echoesEveryLengthEncodingBoundary(String type, int opcode, int length) throws IOException {
    byte[] payload = payload(opcode, length);
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, opcode, payload);
      assertEcho(client, opcode, payload);
    }
  }

  /** The server must use the minimal length encoding (RFC 6455 §5.2 "the minimal number of bytes"). */
  @ParameterizedTest(name = "header for {0} bytes")
  @ValueSource(ints = {0, 125, 126, 65535, 65536})
  void echoedHeaderUsesMinimalLengthEncoding(int length) throws IOException {
    byte[] expectedHeader;
    if (length <= 125) {
      expectedHeader = new byte[] {(byte) 0x82, (byte) length};
    } else if (length <= 0xFFFF) {
      expectedHeader = new byte[] {(byte) 0x82, 126, (byte) (length >> 8), (byte) length};
    } else {
      expectedHeader = new byte[] {(byte) 0x82, 127, 0, 0, 0, 0, 0, (byte) (length >> 16), (byte) (length >> 8),
          (byte) length};
    }
    byte[] payload = randomBytes(length, 7);
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, RawClient.OP_BINARY, payload);
      assertArrayEquals(expectedHeader, client.readBytes(expectedHeader.length),
          "FIN + binary, no mask bit, minimal length");
      assertArrayEquals(payload, client.readBytes(length));
    }
  }

  @ParameterizedTest(name = "{0} of {2} bytes, one byte per write")
  @MethodSource("smallLengthsAndTypes")
  void framesWrittenOneBytePerWrite(String type, int opcode, int length) throws IOException {
    byte[] payload = payload(opcode, length);
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.writeByteByByte(client.frame(true, 0, opcode, payload));
      assertEcho(client, opcode, payload);
    }
  }

  static Stream<Arguments> smallLengthsAndTypes() {
    return Stream.of(
        Arguments.of("text", RawClient.OP_TEXT, 0),
        Arguments.of("text", RawClient.OP_TEXT, 5),
        Arguments.of("text", RawClient.OP_TEXT, 126),
        Arguments.of("binary", RawClient.OP_BINARY, 0),
        Arguments.of("binary", RawClient.OP_BINARY, 125),
        Arguments.of("binary", RawClient.OP_BINARY, 300));
  }

  @Test
  void sixtyFourBitLengthHeaderOneBytePerWriteThenBulkPayload() throws IOException {
    byte[] payload = randomBytes(70_000, 3);
    try (RawClient client = RawClient.open(port, ECHO)) {
      byte[] frame = client.frame(true, 0, RawClient.OP_BINARY, payload);
      int header = maskedHeaderLength(payload.length);
      client.writeByteByByte(Arrays.copyOf(frame, header + 3));
      client.write(Arrays.copyOfRange(frame, header + 3, frame.length));
      assertEcho(client, RawClient.OP_BINARY, payload);
    }
  }

  @Test
  void largeFrameInIrregularChunks() throws IOException {
    byte[] payload = ascii(200_000);
    try (RawClient client = RawClient.open(port, ECHO)) {
      byte[] frame = client.frame(true, 0, RawClient.OP_TEXT, payload);
      int[] chunks = {1, 2, 3, 5, 7, 11, 13, 1000, 4096, 65536};
      int at = 0;
      for (int i = 0; at < frame.length; i++) {
        int n = Math.min(chunks[i % chunks.length], frame.length - at);
        client.write(Arrays.copyOfRange(frame, at, at + n));
        at += n;
      }
      assertEcho(client, RawClient.OP_TEXT, payload);
    }
  }

  @Test
  void manyFramesInOneWriteAreEchoedInOrder() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      List<byte[]> payloads = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int opcode = i % 3 == 0 ? RawClient.OP_BINARY : RawClient.OP_TEXT;
        byte[] payload = opcode == RawClient.OP_TEXT ? utf8("message " + i) : randomBytes(i * 7 % 300, i);
        payloads.add(payload);
        all.writeBytes(client.frame(true, 0, opcode, payload));
      }
      client.write(all.toByteArray());
      for (int i = 0; i < 200; i++) {
        assertEcho(client, i % 3 == 0 ? RawClient.OP_BINARY : RawClient.OP_TEXT, payloads.get(i));
      }
    }
  }

  @Test
  void framesSplitAcrossWritesAtEveryOffset() throws IOException {
    // Two frames in one byte string, split at every position: a TCP read may end anywhere.
    try (RawClient client = RawClient.open(port, ECHO)) {
      byte[] a = utf8("first");
      byte[] b = randomBytes(130, 9);
      for (int cut = 1; cut < 30; cut++) {
        byte[] both = concat(client.frame(true, 0, RawClient.OP_TEXT, a), client.frame(true, 0, RawClient.OP_BINARY, b));
        client.write(Arrays.copyOf(both, cut));
        client.write(Arrays.copyOfRange(both, cut, both.length));
        assertEcho(client, RawClient.OP_TEXT, a);
        assertEcho(client, RawClient.OP_BINARY, b);
      }
    }
  }

  @Test
  void allZeroMaskKeyIsAccepted() throws IOException {
    byte[] payload = utf8("zero mask");
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(RawClient.encode(true, 0, RawClient.OP_TEXT, payload, true, 0));
      assertEcho(client, RawClient.OP_TEXT, payload);
    }
  }

  /** §5.1: a server MUST close the connection on an unmasked client frame (status 1002, §7.4.1). */
  @ParameterizedTest(name = "unmasked opcode {0}")
  @ValueSource(ints = {RawClient.OP_TEXT, RawClient.OP_BINARY, RawClient.OP_PING, RawClient.OP_CLOSE})
  void unmaskedClientFrameFailsWith1002(int opcode) throws IOException {
    byte[] payload = opcode == RawClient.OP_CLOSE ? new byte[] {0x03, (byte) 0xE8} : utf8("unmasked");
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(RawClient.encode(true, 0, opcode, payload, false, 0));
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }

  /** §5.2: the most significant bit of a 64-bit length MUST be 0. */
  @Test
  void sixtyFourBitLengthWithMostSignificantBitSetFailsWith1002() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(new byte[] {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4});
      assertFailsWith(client, 1002);
    }
    assertStillServing(port);
  }
}
