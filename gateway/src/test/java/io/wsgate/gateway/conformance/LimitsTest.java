package io.wsgate.gateway.conformance;

import static io.wsgate.gateway.conformance.Conformance.ECHO;
import static io.wsgate.gateway.conformance.Conformance.ascii;
import static io.wsgate.gateway.conformance.Conformance.assertEcho;
import static io.wsgate.gateway.conformance.Conformance.assertFailsWith;
import static io.wsgate.gateway.conformance.Conformance.assertPong;
import static io.wsgate.gateway.conformance.Conformance.assertStillServing;
import static io.wsgate.gateway.conformance.Conformance.maskedHeaderLength;
import static io.wsgate.gateway.conformance.Conformance.prefix;
import static io.wsgate.gateway.conformance.Conformance.randomBytes;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code limits.maxFrameSize} / {@code limits.maxMessageSize} (RFC 6455 §7.4.1 code 1009) and
 * outbound backpressure ({@code writeQueueHighWater}, {@code maxOutboundQueue}).
 */
@ExtendWith(VertxExtension.class)
class LimitsTest {

  private static final int MAX_FRAME = 1024;
  private static final int MAX_MESSAGE = 4096;
  private static final int HIGH_WATER = 65536;
  private static final int MAX_OUTBOUND = 262144;

  private static int port;
  private static int backpressurePort;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    JsonObject sizes = TestGateway.config();
    sizes.getJsonObject("limits").put("maxFrameSize", MAX_FRAME).put("maxMessageSize", MAX_MESSAGE);
    port = TestGateway.start(vertx, sizes).webSocketPort();

    JsonObject queues = TestGateway.config();
    queues.getJsonObject("limits").put("writeQueueHighWater", HIGH_WATER).put("maxOutboundQueue", MAX_OUTBOUND);
    backpressurePort = TestGateway.start(vertx, queues).webSocketPort();
  }

  // ---- frame size ------------------------------------------------------------------------------

  @ParameterizedTest(name = "opcode {0}, {1} bytes")
  @MethodSource("framesAtTheLimit")
  void frameOfExactlyMaxFrameSizeIsEchoed(int opcode, int length) throws IOException {
    byte[] payload = opcode == RawClient.OP_TEXT ? ascii(length) : randomBytes(length, length);
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, opcode, payload);
      assertEcho(client, opcode, payload);
    }
  }

  static Stream<Arguments> framesAtTheLimit() {
    return Stream.of(Arguments.of(RawClient.OP_TEXT, MAX_FRAME), Arguments.of(RawClient.OP_BINARY, MAX_FRAME),
        Arguments.of(RawClient.OP_BINARY, MAX_FRAME - 1));
  }

  static Stream<Arguments> oversizedFrameHeaders() {
    return Stream.of(
        Arguments.of("text of 1025 bytes", header(0x81, MAX_FRAME + 1)),
        Arguments.of("binary of 1025 bytes", header(0x82, MAX_FRAME + 1)),
        Arguments.of("binary of 65535 bytes", header(0x82, 65535)),
        Arguments.of("binary, 64-bit length 2^32", header(0x82, 1L << 32)),
        Arguments.of("binary, 64-bit length 2^62", header(0x82, 1L << 62)),
        Arguments.of("text without FIN of 1025 bytes", header(0x01, MAX_FRAME + 1)));
  }

  /** A masked frame header announcing {@code length} bytes, with the minimal length encoding. */
  private static byte[] header(int b0, long length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(b0);
    if (length <= 125) {
      out.write(0x80 | (int) length);
    } else if (length <= 0xFFFF) {
      out.write(0x80 | 126);
      out.write((int) (length >> 8));
      out.write((int) length);
    } else {
      out.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (length >> shift));
      }
    }
    out.writeBytes(new byte[] {0x11, 0x22, 0x33, 0x44});
    return out.toByteArray();
  }

  /** The limit is enforced on the header: the server must not wait for (or buffer) the payload. */
  @ParameterizedTest(name = "{0}: header only -> 1009")
  @MethodSource("oversizedFrameHeaders")
  void oversizedFrameFailsWith1009FromTheHeaderAlone(String label, byte[] header) throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.write(header);
      client.setTimeout(2000);
      assertFailsWith(client, 1009);
    }
    assertStillServing(port);
  }

  @Test
  void oversizedFrameSentWholeFailsWith1009() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(true, RawClient.OP_BINARY, randomBytes(MAX_FRAME + 1, 1));
      assertFailsWith(client, 1009);
    }
  }

  @Test
  void oversizedContinuationFrameFailsWith1009() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      client.sendFrame(false, RawClient.OP_TEXT, ascii(10));
      client.write(header(0x80, MAX_FRAME + 1));
      assertFailsWith(client, 1009);
    }
  }

  // ---- message size ----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} fragments of 1024")
  @ValueSource(ints = {3, 4})
  void fragmentsOfMaxFrameSizeUpToMaxMessageSizePass(int count) throws IOException {
    byte[] message = ascii(count * MAX_FRAME);
    try (RawClient client = RawClient.open(port, ECHO)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < count; i++) {
        out.writeBytes(client.frame(i == count - 1, 0, i == 0 ? RawClient.OP_TEXT : RawClient.OP_CONTINUATION,
            Arrays.copyOfRange(message, i * MAX_FRAME, (i + 1) * MAX_FRAME)));
      }
      client.write(out.toByteArray());
      assertEcho(client, RawClient.OP_TEXT, message);
    }
  }

  @Test
  void fragmentedMessageOf4097BytesFailsWith1009() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < 4; i++) {
        out.writeBytes(client.frame(false, 0, i == 0 ? RawClient.OP_BINARY : RawClient.OP_CONTINUATION,
            randomBytes(MAX_FRAME, i)));
      }
      out.writeBytes(client.frame(true, 0, RawClient.OP_CONTINUATION, new byte[] {42}));
      client.write(out.toByteArray());
      assertFailsWith(client, 1009);
    }
    assertStillServing(port);
  }

  @Test
  void messageLimitIsEnforcedOnTheHeaderOfTheFrameThatCrossesIt() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      // 1000 + 3 x 1024 = 4072 bytes so far; then only the header of a (legal) 1024-byte frame.
      out.writeBytes(client.frame(false, 0, RawClient.OP_TEXT, ascii(1000)));
      out.writeBytes(client.frame(false, 0, RawClient.OP_CONTINUATION, ascii(MAX_FRAME)));
      out.writeBytes(client.frame(false, 0, RawClient.OP_CONTINUATION, ascii(MAX_FRAME)));
      out.writeBytes(client.frame(false, 0, RawClient.OP_CONTINUATION, ascii(MAX_FRAME)));
      byte[] last = client.frame(true, 0, RawClient.OP_CONTINUATION, ascii(MAX_FRAME));
      out.writeBytes(prefix(last, maskedHeaderLength(MAX_FRAME)));
      client.write(out.toByteArray());
      client.setTimeout(2000);
      assertFailsWith(client, 1009);
    }
  }

  @Test
  void controlFramesBetweenFragmentsDoNotCountTowardsTheMessage() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] message = ascii(MAX_MESSAGE);
      for (int i = 0; i < 4; i++) {
        out.writeBytes(client.frame(i == 3, 0, i == 0 ? RawClient.OP_TEXT : RawClient.OP_CONTINUATION,
            Arrays.copyOfRange(message, i * MAX_FRAME, (i + 1) * MAX_FRAME)));
        if (i < 3) {
          out.writeBytes(client.frame(true, 0, RawClient.OP_PING, ascii(125)));
        }
      }
      client.write(out.toByteArray());
      for (int i = 0; i < 3; i++) {
        assertPong(client, ascii(125));
      }
      assertEcho(client, RawClient.OP_TEXT, message);
    }
  }

  @Test
  void messageSizeCountsFromZeroAgainForTheNextMessage() throws IOException {
    try (RawClient client = RawClient.open(port, ECHO)) {
      for (int round = 0; round < 3; round++) {
        byte[] message = randomBytes(MAX_MESSAGE, round);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) {
          out.writeBytes(client.frame(i == 3, 0, i == 0 ? RawClient.OP_BINARY : RawClient.OP_CONTINUATION,
              Arrays.copyOfRange(message, i * MAX_FRAME, (i + 1) * MAX_FRAME)));
        }
        client.write(out.toByteArray());
        assertEcho(client, RawClient.OP_BINARY, message);
      }
    }
  }

  // ---- slow consumer ---------------------------------------------------------------------------

  /**
   * A client that floods the echo route and never reads its echoes.
   *
   * <p>What this proves: once {@code writeQueueHighWater} bytes are queued for the client, the
   * server stops reading its socket (or, past {@code maxOutboundQueue}, drops it), so TCP pushes
   * back on the writer: a writer thread trying to send 64 MiB either stalls well short of it or
   * gets its connection closed. Had the server kept reading, it would have had to buffer the
   * unread echoes (up to 64 MiB) in memory. Kernel socket buffers on both sides absorb a few MiB
   * at most, so stalling below 64 MiB means the server's own buffering stayed bounded. Memory is
   * not measured directly. Finally, a second client is served promptly while (or after) the
   * first one is stuck: one slow consumer does not block its event loop.
   */
  @Test
  void clientThatNeverReadsIsPausedOrDroppedAndOthersAreStillServed() throws Exception {
    final long budget = 64L << 20;
    try (RawClient slow = RawClient.open(backpressurePort, ECHO)) {
      byte[] frame = slow.frame(true, 0, RawClient.OP_BINARY, randomBytes(60 * 1024, 60));
      AtomicLong written = new AtomicLong();
      AtomicReference<IOException> failure = new AtomicReference<>();
      Thread writer = new Thread(() -> {
        try {
          while (written.get() + frame.length <= budget) {
            slow.write(frame);
            written.addAndGet(frame.length);
          }
        } catch (IOException e) {
          failure.set(e);
        }
      }, "slow-consumer-writer");
      writer.setDaemon(true);
      writer.start();

      long lastValue = -1;
      long stalledSince = System.nanoTime();
      long deadline = System.nanoTime() + 20_000_000_000L;
      boolean stalled = false;
      while (writer.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
        long now = written.get();
        if (now != lastValue) {
          lastValue = now;
          stalledSince = System.nanoTime();
        } else if (System.nanoTime() - stalledSince > 1_000_000_000L) {
          stalled = true;
          break;
        }
      }
      long total = written.get();
      if (!stalled && failure.get() == null) {
        fail("the server kept reading a client that never reads: " + (total >> 20) + " MiB written"
            + (writer.isAlive() ? " and still writing after 20 s" : " (all of the 64 MiB budget)"));
      }
      assertTrue(total < budget, "writes must be pushed back before the 64 MiB budget; wrote " + total);
      // Paused (writer blocked) or dropped (writer got a reset/EOF): either way others are served.
      assertStillServing(backpressurePort);
      assertStillServing(backpressurePort);
      slow.close(); // unblocks the writer if it is stuck in write()
      writer.join(5000);
    }
    assertStillServing(backpressurePort);
  }
}
