package io.wsgate.gateway.protocol;

import io.vertx.core.buffer.Buffer;

/**
 * Receives what {@link FrameParser} decodes. Data frames stream (header, payload chunks, end) so
 * that limits and UTF-8 can be checked before a large frame has fully arrived; control frames,
 * at most 125 bytes, arrive whole. Any method may throw a {@link WebSocketException}, which
 * fails the parser and propagates out of {@link FrameParser#feed}.
 */
public interface FrameListener {

  /** A text, binary or continuation frame header was read; its payload follows. */
  void onDataFrameStart(boolean fin, int rsv, OpCode opCode, long payloadLength);

  /** The next unmasked part of the current data frame's payload; never empty. */
  void onDataPayload(Buffer chunk);

  /** The current data frame's payload is complete. */
  void onDataFrameEnd();

  /** A complete Close, Ping or Pong frame. */
  void onControlFrame(Frame frame);
}
