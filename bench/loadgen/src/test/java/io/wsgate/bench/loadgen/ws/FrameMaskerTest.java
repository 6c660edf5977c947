package io.wsgate.bench.loadgen.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.buffer.Buffer;
import io.wsgate.gateway.protocol.Frame;
import io.wsgate.gateway.protocol.FrameListener;
import io.wsgate.gateway.protocol.FrameParser;
import io.wsgate.gateway.protocol.OpCode;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The client's frames, checked by the gateway's own parser: what the server will see. */
class FrameMaskerTest {

  @ParameterizedTest(name = "payload of {0} bytes")
  @ValueSource(ints = {0, 1, 3, 7, 8, 9, 125, 126, 127, 1000, 65535, 65536, 100_003})
  void gatewayParserReadsBackThePayload(int size) {
    byte[] payload = new byte[size];
    new Random(size).nextBytes(payload);
    Buffer frame = FrameMasker.frame(Rfc6455.OP_BINARY, payload);

    assertEquals(FrameMasker.headerLength(size) + size, frame.length());
    Collected collected = new Collected();
    new FrameParser(Long.MAX_VALUE, 0, collected).feed(frame);
    assertEquals(OpCode.BINARY, collected.opCode);
    assertEquals(1, collected.frames);
    assertArrayEquals(payload, collected.payload.toByteArray());
  }

  @Test
  void everyFrameHasItsOwnMaskKey() {
    Set<Integer> keys = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Buffer frame = FrameMasker.frame(Rfc6455.OP_TEXT, new byte[4]);
      keys.add(frame.getInt(Rfc6455.BASE_HEADER_BYTES));
    }
    assertNotEquals(1, keys.size());
  }

  @Test
  void payloadIsMaskedOnTheWire() {
    byte[] payload = "hello, masked world".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Buffer frame;
    do {
      frame = FrameMasker.frame(Rfc6455.OP_TEXT, payload);
    } while (frame.getInt(Rfc6455.BASE_HEADER_BYTES) == 0); // a zero key leaves bytes as they are
    byte[] wire = frame.getBytes(FrameMasker.headerLength(payload.length), frame.length());
    assertNotEquals(new String(payload), new String(wire));
  }

  private static final class Collected implements FrameListener {
    OpCode opCode;
    int frames;
    final ByteArrayOutputStream payload = new ByteArrayOutputStream();

    @Override
    public void onDataFrameStart(boolean fin, int rsv, OpCode code, long payloadLength) {
      opCode = code;
    }

    @Override
    public void onDataPayload(Buffer chunk) {
      payload.writeBytes(chunk.getBytes());
    }

    @Override
    public void onDataFrameEnd() {
      frames++;
    }

    @Override
    public void onControlFrame(Frame frame) {
      throw new AssertionError("unexpected control frame " + frame);
    }
  }
}
