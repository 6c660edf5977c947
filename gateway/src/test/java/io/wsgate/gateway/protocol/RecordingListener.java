package io.wsgate.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link FrameListener} that turns the parser's callbacks back into whole {@link Frame}s, in
 * arrival order, so a test asserts on one list whatever way the input was split.
 *
 * <p>It also checks the streaming contract as it goes: a data frame's chunks are never empty,
 * never exceed the announced length and add up to it exactly; data frames do not nest; a control
 * frame never arrives in the middle of a data frame's payload.
 */
final class RecordingListener implements FrameListener {

  /** The callback just recorded, for {@link #onEachCallback}. */
  enum Callback { DATA_START, DATA_PAYLOAD, DATA_END, CONTROL }

  private final List<Frame> frames = new ArrayList<>();
  private int callbacks;
  private Consumer<Callback> hook = callback -> { };

  // The data frame being reassembled, or null between frames.
  private Buffer dataPayload;
  private long dataLength;
  private boolean dataFin;
  private int dataRsv;
  private OpCode dataOpCode;

  /** Runs {@code hook} after each callback has been recorded (for example to halt the parser). */
  RecordingListener onEachCallback(Consumer<Callback> hook) {
    this.hook = hook;
    return this;
  }

  @Override
  public void onDataFrameStart(boolean fin, int rsv, OpCode opCode, long payloadLength) {
    callbacks++;
    assertNull(dataPayload, "data frame started while another one is still open");
    assertNotNull(opCode);
    assertTrue(!opCode.isControl(), "control opcode " + opCode + " streamed as a data frame");
    assertTrue(payloadLength >= 0, "payload length " + payloadLength);
    dataPayload = Buffer.buffer();
    dataLength = payloadLength;
    dataFin = fin;
    dataRsv = rsv;
    dataOpCode = opCode;
    hook.accept(Callback.DATA_START);
  }

  @Override
  public void onDataPayload(Buffer chunk) {
    callbacks++;
    assertNotNull(dataPayload, "payload chunk outside a data frame");
    int n = chunk.length();
    assertTrue(n > 0, "empty payload chunk");
    assertTrue(dataPayload.length() + n <= dataLength, "chunks exceed the announced length " + dataLength);
    dataPayload.appendBuffer(chunk);
    hook.accept(Callback.DATA_PAYLOAD);
  }

  @Override
  public void onDataFrameEnd() {
    callbacks++;
    assertNotNull(dataPayload, "data frame end without a start");
    assertEquals(dataLength, dataPayload.length(), "data frame ended before its announced length");
    frames.add(new Frame(dataFin, dataRsv, dataOpCode, dataPayload));
    dataPayload = null;
    hook.accept(Callback.DATA_END);
  }

  @Override
  public void onControlFrame(Frame frame) {
    callbacks++;
    assertNull(dataPayload, "control frame delivered in the middle of a data frame's payload");
    assertTrue(frame.opCode().isControl(), "data opcode " + frame.opCode() + " delivered as a control frame");
    assertTrue(frame.fin(), "control frame without FIN");
    // Copy: the frame must stay intact whatever the parser does with its buffers afterwards.
    frames.add(new Frame(frame.fin(), frame.rsv(), frame.opCode(), frame.payload().copy()));
    hook.accept(Callback.CONTROL);
  }

  /** The complete frames so far, in order. */
  List<Frame> frames() {
    return frames;
  }

  /** How many callbacks the parser has made, of any kind. */
  int callbacks() {
    return callbacks;
  }

  /** Whether a data frame has started and not ended. */
  boolean isFrameOpen() {
    return dataPayload != null;
  }

  /** Fails if a data frame is half-read: the input ended on a frame boundary. */
  void assertNothingLeft() {
    assertNull(dataPayload, () -> "data frame " + dataOpCode + " half-read: " + dataPayload.length() + " of "
        + dataLength + " payload bytes");
  }

  /** Asserts two frame lists are equal, field by field and payload byte by byte. */
  static void assertFrames(List<Frame> expected, List<Frame> actual) {
    assertFrames(expected, actual, "");
  }

  /** As {@link #assertFrames(List, List)}, naming the case in the failure message. */
  static void assertFrames(List<Frame> expected, List<Frame> actual, String context) {
    assertEquals(describe(expected), describe(actual), context);
    for (int i = 0; i < expected.size(); i++) {
      Buffer want = expected.get(i).payload();
      Buffer got = actual.get(i).payload();
      if (!want.equals(got)) { // fast path for 64 KiB payloads compared thousands of times
        assertArrayEquals(want.getBytes(), got.getBytes(), context + ": payload of frame " + i);
      }
    }
  }

  /** One line per frame: flags, opcode, length (payload bytes are compared separately). */
  static List<String> describe(List<Frame> frames) {
    List<String> lines = new ArrayList<>();
    for (Frame f : frames) {
      lines.add((f.fin() ? "FIN " : "    ") + "rsv=" + Integer.toBinaryString(f.rsv() >> 4) + " "
          + f.opCode() + " len=" + f.payload().length());
    }
    return lines;
  }
}
