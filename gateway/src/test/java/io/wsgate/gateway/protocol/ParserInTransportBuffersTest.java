package io.wsgate.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.wsgate.api.MessageType;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parser and the message assembler fed as Connection feeds them: each read is the
 * transport's pooled direct buffer, zeroed and released as soon as {@code feed} returns. What
 * they keep across reads (the assembler keeps a message's first chunk until the message ends)
 * must be a copy: a slice of a released read would show zeros, or another read's bytes.
 */
class ParserInTransportBuffersTest {

  private static final int KEY = 0x37fa213d;

  /** One masked client frame (RFC 6455 §5.2, §5.3). */
  private static byte[] frame(boolean fin, int opcode, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? WebSocketProtocol.B0_FLAG_FIN : 0) | opcode);
    int length = payload.length;
    if (length <= WebSocketProtocol.PAYLOAD_BYTE_MAX) {
      out.write(WebSocketProtocol.B1_FLAG_MASK | length);
    } else {
      out.write(WebSocketProtocol.B1_FLAG_MASK | WebSocketProtocol.PAYLOAD_SHORT);
      out.write(length >>> 8);
      out.write(length & 0xFF);
    }
    byte[] key = {(byte) (KEY >>> 24), (byte) (KEY >>> 16), (byte) (KEY >>> 8), (byte) KEY};
    out.write(key, 0, 4);
    for (int i = 0; i < length; i++) {
      out.write(payload[i] ^ key[i & 3]);
    }
    return out.toByteArray();
  }

  private static List<String> parseInReleasedReads(byte[] stream, int... cuts) {
    List<String> messages = new ArrayList<>();
    MessageAssembler assembler = new MessageAssembler(1 << 20,
        (MessageType type, Buffer payload) -> messages.add(type.wire() + ":" + payload.toString()));
    FrameParser parser = new FrameParser(1 << 20, 0,
        assembler.frames(frame -> messages.add("control:" + frame.opCode())));
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : stream.length;
      ByteBuf read = PooledByteBufAllocator.DEFAULT.directBuffer(to - from);
      read.writeBytes(stream, from, to - from);
      try {
        parser.feed(BufferInternal.buffer(read));
      } finally {
        read.setZero(0, read.capacity());
        read.release();
      }
      from = to;
    }
    return messages;
  }

  @Test
  void aFragmentedMessageSplitAcrossReadsIsAssembledFromCopies() throws Exception {
    Random random = new Random(5);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    String whole = text.toString();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.write(frame(false, OpCode.TEXT.code(), whole.substring(0, 100).getBytes()));
    stream.write(frame(false, OpCode.CONTINUATION.code(), whole.substring(100, 130).getBytes()));
    stream.write(frame(true, OpCode.CONTINUATION.code(), whole.substring(130).getBytes()));
    stream.write(frame(true, OpCode.TEXT.code(), "after".getBytes()));
    byte[] bytes = stream.toByteArray();
    List<String> expected = List.of("text:" + whole, "text:after");
    assertEquals(expected, parseInReleasedReads(bytes), "one read");
    for (int cut = 1; cut < bytes.length; cut++) {
      assertEquals(expected, parseInReleasedReads(bytes, cut), "two reads, cut at " + cut);
    }
    for (int cut = 1; cut + 40 < bytes.length; cut += 7) {
      assertEquals(expected, parseInReleasedReads(bytes, cut, cut + 40), "three reads, cut at " + cut);
    }
  }

  @Test
  void aSingleFrameMessageSplitAcrossReadsIsAssembledFromCopies() {
    byte[] payload = new byte[1000];
    new Random(9).nextBytes(payload);
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) ('A' + (payload[i] & 15)); // ASCII, so it is valid text
    }
    byte[] bytes = frame(true, OpCode.TEXT.code(), payload);
    List<String> expected = List.of("text:" + new String(payload));
    for (int cut = 1; cut < bytes.length; cut += 13) {
      assertEquals(expected, parseInReleasedReads(bytes, cut), "cut at " + cut);
    }
  }
}
