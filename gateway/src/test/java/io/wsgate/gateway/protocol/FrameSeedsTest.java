package io.wsgate.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.wsgate.gateway.testing.Bytes;
import io.wsgate.gateway.testing.SeedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus of {@link FrameFuzzTest}: one file per case, named for its expected outcome,
 * under {@code src/test/resources/io/wsgate/gateway/protocol/FrameFuzzTestInputs/frames/}
 * (Jazzer's layout: {@code <Class>Inputs/<method>/}). Each file is FrameFuzzTest's
 * configuration byte followed by client frames. Crash files Jazzer writes there are kept as
 * regression inputs.
 *
 * <p>Regenerate after changing {@link #seeds()}: run {@link #main} from {@code gateway/}. The
 * tests below fail when the committed files and this list disagree, and pin each seed's outcome
 * so the corpus keeps covering every close code.
 */
class FrameSeedsTest {

  static final String DIR = "src/test/resources/io/wsgate/gateway/protocol/FrameFuzzTestInputs/frames";

  /** Limit indexes into {@link FrameFuzzTest#FRAME_LIMITS} / {@link FrameFuzzTest#MESSAGE_LIMITS}. */
  private static final int LIMIT_125 = 0;
  private static final int LIMIT_1MIB = 6;
  /** Cutting modes (bits 6-7 of the configuration byte). */
  private static final int ONE_BYTE = 0;
  private static final int PIECES_7 = 1;
  private static final int PIECES_128 = 2;
  private static final int TWO_PIECES = 3;

  private static final int FIN = 0x80;
  private static final int CONT = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;
  private static final byte[] KEY = Bytes.hex("37 fa 21 3d");
  private static final byte[] ZERO_KEY = new byte[4];

  /** A seed and the outcome FrameFuzzTest's harness must reach on it. */
  private record Seed(byte[] bytes, String outcome) {
  }

  private static byte[] config(int frameLimit, int messageLimit, int cut) {
    return new byte[] {(byte) (frameLimit | messageLimit << 3 | cut << 6)};
  }

  /** A masked client frame with the shortest length encoding. */
  private static byte[] frame(int b0, byte[] payload) {
    return ClientFrames.masked(b0, payload, KEY, ClientFrames.LengthForm.MINIMAL);
  }

  private static byte[] frame(int b0, byte[] payload, byte[] key, ClientFrames.LengthForm form) {
    return ClientFrames.masked(b0, payload, key, form);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] close(int code, String reason) {
    return Bytes.concat(new byte[] {(byte) (code >> 8), (byte) code}, utf8(reason));
  }

  private static byte[] filled(int n) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) (i * 7);
    }
    return out;
  }

  private static Seed seed(String outcome, int frameLimit, int messageLimit, int cut, byte[]... frames) {
    return new Seed(Bytes.concat(config(frameLimit, messageLimit, cut), Bytes.concat(frames)), outcome);
  }

  static Map<String, Seed> seeds() {
    byte[] grin = utf8("\uD83D\uDE00"); // U+1F600, F0 9F 98 80
    Map<String, Seed> s = new LinkedHashMap<>();
    s.put("ok-text-hello", seed("ok", LIMIT_1MIB, LIMIT_1MIB, ONE_BYTE,
        Bytes.hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"))); // RFC 6455 §5.7
    s.put("ok-fragmented-text-4-byte-char-split", seed("ok", LIMIT_1MIB, LIMIT_1MIB, PIECES_7,
        frame(TEXT, Bytes.concat(utf8("a"), new byte[] {grin[0], grin[1]})),
        frame(FIN | PING, utf8("mid")),
        frame(CONT, new byte[] {grin[2]}),
        frame(FIN | CONT, Bytes.concat(new byte[] {grin[3]}, utf8("b\u00e9\u20ac")))));
    s.put("ok-binary-7-16-bit-lengths", seed("ok", LIMIT_1MIB, LIMIT_1MIB, PIECES_128,
        frame(FIN | BINARY, filled(125)), frame(FIN | BINARY, filled(126)), frame(FIN | BINARY, filled(300))));
    s.put("ok-binary-64-bit-length-form", seed("ok", LIMIT_1MIB, LIMIT_1MIB, TWO_PIECES,
        frame(FIN | BINARY, filled(200), Bytes.hex("01 02 03 04"), ClientFrames.LengthForm.EXTENDED_64),
        frame(FIN | TEXT, new byte[0], ZERO_KEY, ClientFrames.LengthForm.MINIMAL)));
    s.put("ok-ping-pong-then-close-and-ignored-bytes", seed("closed", LIMIT_1MIB, LIMIT_1MIB, PIECES_7,
        frame(FIN | PING, utf8("Hello")), frame(FIN | PONG, new byte[0]),
        frame(FIN | CLOSE, close(1000, "bye")), Bytes.hex("00 00 ff ff")));
    s.put("ok-empty-close", seed("closed", LIMIT_1MIB, LIMIT_1MIB, ONE_BYTE, frame(FIN | CLOSE, new byte[0])));
    s.put("partial-frame", seed("partial", LIMIT_1MIB, LIMIT_1MIB, PIECES_7,
        java.util.Arrays.copyOf(frame(FIN | TEXT, utf8("incomplete")), 10)));
    s.put("1002-unmasked", seed("1002", LIMIT_1MIB, LIMIT_1MIB, ONE_BYTE, Bytes.hex("81 05 48 65 6c 6c 6f")));
    s.put("1002-reserved-opcode", seed("1002", LIMIT_1MIB, LIMIT_1MIB, ONE_BYTE, frame(FIN | 0x3, utf8("x"))));
    s.put("1002-rsv1", seed("1002", LIMIT_1MIB, LIMIT_1MIB, ONE_BYTE, frame(FIN | 0x40 | TEXT, utf8("x"))));
    s.put("1002-fragmented-ping", seed("1002", LIMIT_1MIB, LIMIT_1MIB, ONE_BYTE, frame(PING, utf8("x"))));
    s.put("1002-ping-126", seed("1002", LIMIT_1MIB, LIMIT_1MIB, ONE_BYTE, frame(FIN | PING, filled(126))));
    s.put("1002-continuation-first", seed("1002", LIMIT_1MIB, LIMIT_1MIB, PIECES_7, frame(FIN | CONT, utf8("x"))));
    s.put("1002-text-inside-message", seed("1002", LIMIT_1MIB, LIMIT_1MIB, PIECES_7,
        frame(TEXT, utf8("a")), frame(FIN | TEXT, utf8("b"))));
    s.put("1002-64-bit-length-msb", seed("1002", LIMIT_1MIB, LIMIT_1MIB, ONE_BYTE,
        Bytes.hex("82 ff 80 00 00 00 00 00 00 01 37 fa 21 3d")));
    s.put("1002-close-1-byte", seed("1002", LIMIT_1MIB, LIMIT_1MIB, ONE_BYTE, frame(FIN | CLOSE, new byte[] {3})));
    s.put("1002-close-code-1005", seed("1002", LIMIT_1MIB, LIMIT_1MIB, ONE_BYTE, frame(FIN | CLOSE, close(1005, ""))));
    s.put("1007-invalid-utf8-text", seed("1007", LIMIT_1MIB, LIMIT_1MIB, PIECES_7,
        frame(FIN | TEXT, Bytes.concat(utf8("ok "), Bytes.hex("ed a0 80"))))); // a surrogate
    s.put("1007-text-ends-inside-char", seed("1007", LIMIT_1MIB, LIMIT_1MIB, TWO_PIECES,
        frame(TEXT, utf8("a")), frame(FIN | CONT, new byte[] {grin[0], grin[1], grin[2]})));
    s.put("1007-close-reason", seed("1007", LIMIT_1MIB, LIMIT_1MIB, ONE_BYTE,
        frame(FIN | CLOSE, Bytes.concat(close(1000, ""), Bytes.hex("c0 af")))));
    s.put("1009-frame-over-125", seed("1009", LIMIT_125, LIMIT_1MIB, PIECES_7, frame(FIN | BINARY, filled(126))));
    s.put("1009-message-over-125", seed("1009", LIMIT_1MIB, LIMIT_125, PIECES_128,
        frame(BINARY, filled(100)), frame(FIN | PING, new byte[0]), frame(FIN | CONT, filled(26))));
    return s;
  }

  public static void main(String[] args) throws IOException {
    SeedFiles.write(Path.of(args.length > 0 ? args[0] : DIR), seedBytes());
  }

  private static Map<String, byte[]> seedBytes() {
    Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
    seeds().forEach((name, seed) -> bytes.put(name, seed.bytes()));
    return bytes;
  }

  @Test
  void committedSeedsMatchThisList() throws IOException {
    SeedFiles.assertCommitted(getClass(), "FrameFuzzTestInputs/frames", seedBytes());
  }

  @Test
  void eachSeedReachesItsOutcome() {
    for (Map.Entry<String, Seed> e : seeds().entrySet()) {
      byte[] bytes = e.getValue().bytes();
      int config = bytes[0] & 0xFF;
      FrameFuzzTest.Outcome outcome = new FrameFuzzTest.Harness(FrameFuzzTest.FRAME_LIMITS[config & 7],
          FrameFuzzTest.MESSAGE_LIMITS[(config >> 3) & 7]).run(List.of(Buffer.buffer(bytes).slice(1, bytes.length)));
      assertEquals(e.getValue().outcome(), summary(outcome), e.getKey());
    }
  }

  private static String summary(FrameFuzzTest.Outcome o) {
    if (o.error() != null) {
      return o.error().split(" ")[1];
    }
    if (o.closed()) {
      return "closed";
    }
    return o.frameOpen() || o.messageOpen() ? "partial" : "ok";
  }
}
