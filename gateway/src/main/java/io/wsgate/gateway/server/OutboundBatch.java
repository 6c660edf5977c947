package io.wsgate.gateway.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.Executor;


/**
 * Frames for one socket, gathered during one event-loop turn and handed to it in one write.
 *
 * <p>Vert.x flushes every write made outside a read, so frames a connection receives from the
 * event bus (router replies, group fan-out) would cost a flush, a system call, each. Here the
 * first frame of a turn schedules a flush task on the socket's event loop; frames added before it
 * runs join the same write as buffer slices (no copy). Writing through {@link NetSocket#write}
 * keeps Vert.x's write queue, drain handler and byte metrics in charge of backpressure.
 */
final class OutboundBatch {

  private final NetSocket socket;
  private final Executor eventLoop;
  private final Written written;
  private final Runnable flushTask = this::flush;
  private ByteBuf single;
  private CompositeByteBuf many;
  private int bytes;
  private boolean scheduled;

  /** Told about each real write. */
  interface Written {
    /**
     * @param bytes what the write handed to the socket
     * @param addedToTransport how much the transport's pending bytes grew by: less than
     *     {@code bytes} when the kernel took some at once, or when Vert.x holds the write in its
     *     own queue because the channel is not writable
     */
    void written(int bytes, long addedToTransport);
  }

  OutboundBatch(NetSocket socket, Written written) {
    this.socket = socket;
    this.eventLoop = Transport.eventLoop(socket);
    this.written = written;
  }

  void add(Buffer frame) {
    ByteBuf buf = ((BufferInternal) frame).getByteBuf();
    if (single == null && many == null) {
      single = buf;
    } else {
      if (many == null) {
        many = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        many.addComponent(true, single);
        single = null;
      }
      many.addComponent(true, buf);
    }
    bytes += frame.length();
    if (!scheduled) {
      scheduled = true;
      eventLoop.execute(flushTask);
    }
  }

  /** Writes what is pending now: before a write that must come after it, such as a Close. */
  void flush() {
    scheduled = false;
    ByteBuf out = many != null ? many : single;
    if (out == null) {
      return;
    }
    int count = bytes;
    single = null;
    many = null;
    bytes = 0;
    long before = Transport.pendingWriteBytes(socket);
    socket.write(BufferInternal.buffer(out));
    written.written(count, Transport.pendingWriteBytes(socket) - before);
  }

  /** Drops what is pending (the connection is being aborted). */
  void discard() {
    single = null;
    many = null;
    bytes = 0;
  }
}
