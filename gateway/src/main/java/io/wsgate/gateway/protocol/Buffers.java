package io.wsgate.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/** Buffer helpers for the hot path. */
public final class Buffers {

  private static final Buffer EMPTY = wrap(new byte[0]);

  private Buffers() {
  }

  /** Wraps an array without copying it ({@code Buffer.buffer(byte[])} copies). */
  public static Buffer wrap(byte[] bytes) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes));
  }

  /** Wraps part of an array without copying it. */
  public static Buffer wrap(byte[] bytes, int offset, int length) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, offset, length));
  }

  /** A shared empty buffer; never write to it. */
  /**
   * The Netty buffer behind a Vert.x one, to read from (readable bytes from its reader index);
   * without the slice {@code getByteBuf()} makes, when it is Vert.x's own implementation.
   */
  public static ByteBuf byteBuf(Buffer buffer) {
    return buffer instanceof BufferImpl ? ((BufferImpl) buffer).byteBuf() : ((BufferInternal) buffer).getByteBuf();
  }

  public static Buffer empty() {
    return EMPTY;
  }
}
