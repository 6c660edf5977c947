package io.wsgate.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Carries a message payload as a {@link Buffer} without copying it within a node.
 *
 * <p>Vert.x's built-in Buffer codec copies the buffer on every local delivery; payloads on the
 * gateway's hot path are never mutated after they are sent, so this codec hands the same
 * instance over. Receivers must treat the body as read-only. Across a cluster the bytes travel
 * length-prefixed.
 */
public final class PayloadCodec implements MessageCodec<Buffer, Buffer> {

  /** The codec name to put in {@code DeliveryOptions.setCodecName}. */
  public static final String NAME = "wsgate.payload";

  @Override
  public void encodeToWire(Buffer wire, Buffer payload) {
    wire.appendInt(payload.length());
    wire.appendBuffer(payload);
  }

  @Override
  public Buffer decodeFromWire(int pos, Buffer wire) {
    int length = wire.getInt(pos);
    int start = pos + Integer.BYTES;
    return wire.getBuffer(start, start + length);
  }

  @Override
  public Buffer transform(Buffer payload) {
    return payload;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
