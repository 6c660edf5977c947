package io.wsgate.bench.loadgen.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.wsgate.gateway.protocol.FrameEncoder;
import io.wsgate.gateway.protocol.OpCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frames encoded by the gateway's own encoder, fed in every possible split. */
class ServerFrameReaderTest {

  private record Seen(boolean fin, int opcode, byte[] payload) {
  }

  private final List<Seen> seen = new ArrayList<>();
  private final ServerFrameReader reader = new ServerFrameReader(Integer.MAX_VALUE,
      (fin, opcode, payload) -> seen.add(new Seen(fin, opcode, payload.getBytes())));

  @Test
  void readsAStreamOfFramesSplitAtEveryByte() {
    byte[] small = bytes(5);
    byte[] medium = bytes(300);
    byte[] large = bytes(70_000);
    Buffer stream = Buffer.buffer()
        .appendBuffer(FrameEncoder.encode(OpCode.TEXT, Buffer.buffer(small)))
        .appendBuffer(FrameEncoder.encode(OpCode.PING, Buffer.buffer()))
        .appendBuffer(FrameEncoder.encode(OpCode.BINARY, Buffer.buffer(medium)))
        .appendBuffer(FrameEncoder.encode(OpCode.BINARY, Buffer.buffer(large)));
    int[] cuts = {1, 2, 3, 7, 8, 9, 10, 13, 300, 309, 310, 311, 312, 313, 314, 2000, 70_000};
    for (int cut : cuts) {
      seen.clear();
      for (int at = 0; at < stream.length(); at += cut) {
        reader.feed(stream.slice(at, Math.min(stream.length(), at + cut)));
      }
      assertEquals(4, seen.size(), "cut every " + cut);
      assertArrayEquals(small, seen.get(0).payload());
      assertEquals(Rfc6455.OP_PING, seen.get(1).opcode());
      assertArrayEquals(medium, seen.get(2).payload());
      assertArrayEquals(large, seen.get(3).payload());
      assertTrue(seen.get(3).fin());
    }
  }

  @Test
  void aMaskedServerFrameIsAViolation() {
    Buffer masked = FrameMasker.frame(Rfc6455.OP_TEXT, bytes(4));
    assertThrows(ServerFrameReader.ProtocolViolation.class, () -> reader.feed(masked));
  }

  @Test
  void reservedBitsAndOpcodesAreViolations() {
    assertThrows(ServerFrameReader.ProtocolViolation.class,
        () -> fresh().feed(Buffer.buffer(new byte[] {(byte) (Rfc6455.B0_FIN | 0x40 | Rfc6455.OP_TEXT), 0})));
    assertThrows(ServerFrameReader.ProtocolViolation.class,
        () -> fresh().feed(Buffer.buffer(new byte[] {(byte) (Rfc6455.B0_FIN | 0x3), 0})));
  }

  @Test
  void aFragmentedControlFrameIsAViolation() {
    assertThrows(ServerFrameReader.ProtocolViolation.class,
        () -> fresh().feed(Buffer.buffer(new byte[] {(byte) Rfc6455.OP_PING, 0})));
  }

  private ServerFrameReader fresh() {
    return new ServerFrameReader(Integer.MAX_VALUE, (fin, opcode, payload) -> { });
  }

  private static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
