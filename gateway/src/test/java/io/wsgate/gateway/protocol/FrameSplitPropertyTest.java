package io.wsgate.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.wsgate.gateway.protocol.ClientFrames.LengthForm;
import io.wsgate.gateway.testing.Pieces;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property: any stream of valid client frames, cut into feeds at arbitrary points, parses to
 * exactly the messages and control frames of the uncut stream, and those are the ones encoded.
 *
 * <p>Streams mix text messages (ASCII, 2-, 3- and 4-byte UTF-8, so fragment boundaries split
 * characters) and binary ones, each in 1–4 frames whose payload lengths cluster at the 7/16/64-bit
 * length boundaries (125/126/127, 65535/65536/65537), with Pings and Pongs between fragments,
 * random masking keys (zero included), now and then a longer-than-needed length encoding on a
 * data frame, and
 * sometimes a final Close followed by bytes that must be ignored. Every run also goes through
 * {@link FrameFuzzTest.Harness}, so the fuzz target's invariants are checked here too.
 *
 * <p>Structure shrinks; payload bytes come from a seed so a failing case stays small to print.
 */
class FrameSplitPropertyTest {

  private static final long NO_LIMIT = Integer.MAX_VALUE - 8;
  private static final int FIN = WebSocketProtocol.B0_FLAG_FIN;

  /** A Ping or Pong of {@code length} bytes, sent after fragment {@code after} (mod fragments). */
  record ControlSpec(OpCode op, int length, int after) {
  }

  /** One message: its type, the payload length of each of its frames, the controls within it. */
  record MessageSpec(OpCode type, List<Integer> frameLengths, List<ControlSpec> controls, long seed) {
  }

  /** A whole client stream and what the server must see of it. */
  record Stream(byte[] wire, List<String> events, boolean closed) {

    @Override
    public String toString() {
      return wire.length + " bytes, " + events.size() + " events, closed=" + closed;
    }
  }

  @Property(tries = 1000)
  void anySplitParsesLikeTheWholeStream(@ForAll("streams") Stream stream, @ForAll("cuts") List<Double> cuts) {
    byte[] wire = stream.wire();
    FrameFuzzTest.Outcome expected = new FrameFuzzTest.Outcome(stream.events(), null, stream.closed(), false, false);
    FrameFuzzTest.Outcome whole = new FrameFuzzTest.Harness(NO_LIMIT, NO_LIMIT).run(List.of(Buffer.buffer(wire)));
    assertEquals(expected, whole, "the uncut stream");

    int[] offsets = cuts.stream().mapToInt(c -> (int) (c * wire.length)).toArray();
    List<Buffer> pieces = Pieces.at(wire, offsets);
    assertEquals(whole, new FrameFuzzTest.Harness(NO_LIMIT, NO_LIMIT).run(pieces), "cut into " + pieces.size());
    // Given away, pieces are unmasked in place: each run gets its own.
    assertEquals(whole, new FrameFuzzTest.Harness(NO_LIMIT, NO_LIMIT).owned().run(Pieces.at(wire, offsets)),
        "cut into " + pieces.size() + ", owned");
    if (wire.length <= 4096) {
      assertEquals(whole, new FrameFuzzTest.Harness(NO_LIMIT, NO_LIMIT).run(Pieces.oneByteEach(wire, 0)),
          "one byte per feed");
      assertEquals(whole, new FrameFuzzTest.Harness(NO_LIMIT, NO_LIMIT).owned().run(Pieces.oneByteEach(wire, 0)),
          "one byte per feed, owned");
    }
  }

  @Provide
  Arbitrary<List<Double>> cuts() {
    return Arbitraries.doubles().between(0, 1).list().ofMaxSize(64);
  }

  @Provide
  Arbitrary<Stream> streams() {
    return Combinators.combine(
            message().list().ofMinSize(1).ofMaxSize(6),
            Arbitraries.of(false, true),
            Arbitraries.longs())
        .as(FrameSplitPropertyTest::encode);
  }

  private static Arbitrary<MessageSpec> message() {
    return Combinators.combine(
            Arbitraries.of(OpCode.TEXT, OpCode.BINARY),
            frameLength().list().ofMinSize(1).ofMaxSize(4),
            control().list().ofMaxSize(3),
            Arbitraries.longs())
        .as(MessageSpec::new);
  }

  /** Frame payload lengths: mostly small, often at the 7/16-bit boundaries, now and then 64 KiB. */
  private static Arbitrary<Integer> frameLength() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.integers().between(0, 20)),
        Tuple.of(6, Arbitraries.integers().between(0, 400)),
        Tuple.of(4, Arbitraries.of(124, 125, 126, 127, 128)),
        Tuple.of(2, Arbitraries.integers().between(0, 3000)),
        Tuple.of(1, Arbitraries.of(65535, 65536, 65537)));
  }

  private static Arbitrary<ControlSpec> control() {
    return Combinators.combine(
            Arbitraries.of(OpCode.PING, OpCode.PONG),
            Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 125)),
                Tuple.of(1, Arbitraries.of(0, 124, 125))),
            Arbitraries.integers().between(0, 3))
        .as(ControlSpec::new);
  }

  // ---- encoding ---------------------------------------------------------------------------------

  static Stream encode(List<MessageSpec> messages, boolean close, long seed) {
    Random random = new Random(seed);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    List<String> events = new ArrayList<>();
    for (MessageSpec m : messages) {
      Random content = new Random(m.seed());
      int total = m.frameLengths().stream().mapToInt(Integer::intValue).sum();
      byte[] payload = m.type() == OpCode.TEXT ? text(total, content) : binary(total, content);
      int at = 0;
      int frames = m.frameLengths().size();
      for (int i = 0; i < frames; i++) {
        int n = m.frameLengths().get(i);
        int b0 = (i == frames - 1 ? FIN : 0) | (i == 0 ? m.type() : OpCode.CONTINUATION).code();
        wire.writeBytes(frame(b0, slice(payload, at, n), random));
        at += n;
        if (i == frames - 1) {
          events.add(m.type() + " " + hex(payload)); // delivered as its last frame ends
        }
        for (ControlSpec c : m.controls()) {
          if (c.after() % frames == i) {
            byte[] body = binary(c.length(), content);
            wire.writeBytes(frame(FIN | c.op().code(), body, random));
            events.add(c.op() + " " + hex(body));
          }
        }
      }
    }
    if (close) {
      int code = new int[] {1000, 1001, 1011, 3000, 4999}[random.nextInt(5)];
      byte[] reason = text(random.nextInt(WebSocketProtocol.CLOSE_REASON_MAX_BYTES + 1), random);
      byte[] body = new byte[2 + reason.length];
      body[0] = (byte) (code >> 8);
      body[1] = (byte) code;
      System.arraycopy(reason, 0, body, 2, reason.length);
      wire.writeBytes(frame(FIN | OpCode.CLOSE.code(), body, random));
      events.add("CLOSE " + code + " " + new String(reason, StandardCharsets.UTF_8));
      // Anything after the Close, valid or not, is never read.
      wire.writeBytes(binary(random.nextInt(40), random));
    }
    return new Stream(wire.toByteArray(), events, close);
  }

  /**
   * A masked frame with a random key (zero one time in eight). Data frames sometimes use a longer
   * length encoding than needed, which docs/conformance.md says the gateway accepts; control
   * frames never do: their 7-bit length of 126/127 is rejected on the first two bytes (§5.5).
   */
  private static byte[] frame(int b0, byte[] payload, Random random) {
    byte[] key = new byte[4];
    if (random.nextInt(8) != 0) {
      random.nextBytes(key);
    }
    int form = OpCode.fromCode(b0).isControl() ? 9 : random.nextInt(10);
    return ClientFrames.masked(b0, payload, key,
        form == 0 ? LengthForm.EXTENDED_16 : form == 1 ? LengthForm.EXTENDED_64 : LengthForm.MINIMAL);
  }

  /** Exactly {@code n} bytes of UTF-8 mixing 1-, 2-, 3- and 4-byte characters, ASCII-padded. */
  static byte[] text(int n, Random random) {
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    while (n - bytes >= 4) {
      int width = 1 + random.nextInt(4);
      int cp = switch (width) {
        case 1 -> 0x20 + random.nextInt(0x5F);
        case 2 -> 0x80 + random.nextInt(0x780);
        case 3 -> {
          int c = 0x800 + random.nextInt(0xF800);
          yield c >= 0xD800 && c <= 0xDFFF ? c - 0x800 : c; // no surrogates
        }
        default -> 0x10000 + random.nextInt(0x100000);
      };
      sb.appendCodePoint(cp);
      bytes += width;
    }
    sb.append("x".repeat(n - bytes));
    byte[] out = sb.toString().getBytes(StandardCharsets.UTF_8);
    assertEquals(n, out.length, "text generator");
    return out;
  }

  static byte[] binary(int n, Random random) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }

  private static byte[] slice(byte[] bytes, int from, int length) {
    byte[] out = new byte[length];
    System.arraycopy(bytes, from, out, 0, length);
    return out;
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
