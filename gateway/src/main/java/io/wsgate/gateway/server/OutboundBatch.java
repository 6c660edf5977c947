package io.wsgate.gateway.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.wsgate.gateway.protocol.Buffers;
import io.wsgate.gateway.protocol.FrameEncoder;
import io.wsgate.gateway.protocol.OpCode;
import java.util.concurrent.Executor;

/**
 * Frames for one socket, gathered during one event-loop turn and handed to it in one write.
 *
 * <p>Vert.x flushes every write made outside a read, so frames a connection receives from the
 * event bus (router replies, group fan-out) would cost a flush, a system call, each. Here the
 * first frame of a turn schedules a flush task on the socket's event loop, and every frame until
 * it runs is written into one pooled direct buffer: a frame is encoded straight into it (header
 * and payload, one copy), and the transport writes it to the kernel without the heap-to-direct
 * copy a heap buffer would cost. Writing through the socket keeps Vert.x's write queue, drain
 * handler and byte metrics in charge of backpressure.
 */
final class OutboundBatch {

  /** The first buffer of a turn holds at least this much; it grows by doubling. */
  private static final int MIN_CAPACITY = 256;
  /** What the last turn wrote, remembered up to this size to size the next turn's buffer at once. */
  private static final int MAX_REMEMBERED = 64 * 1024;

  private final NetSocket socket;
  private final ByteBufAllocator allocator;
  private final Executor eventLoop;
  private final Written written;
  private final Runnable flushTask = this::flush;
  private ByteBuf pending;
  private int lastTurnBytes;
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
    this(socket, socket instanceof NetSocketInternal
        ? ((NetSocketInternal) socket).channelHandlerContext().alloc() : ByteBufAllocator.DEFAULT, written);
  }

  /** @param allocator where the turn's buffers come from (the channel's; tests pass their own) */
  OutboundBatch(NetSocket socket, ByteBufAllocator allocator, Written written) {
    this.socket = socket;
    this.allocator = allocator;
    this.eventLoop = Transport.eventLoop(socket);
    this.written = written;
  }

  /** Adds a frame encoded elsewhere (a group's frame, shared by its members): copied, not kept. */
  void add(Buffer frame) {
    ByteBuf bytes = Buffers.byteBuf(frame);
    room(frame.length()).writeBytes(bytes, bytes.readerIndex(), frame.length());
  }

  /** Adds a final frame with this payload, encoded in place. */
  void add(OpCode opCode, Buffer payload) {
    int length = payload.length();
    FrameEncoder.encodeInto(room(FrameEncoder.headerLength(length) + length), opCode, payload);
  }

  private ByteBuf room(int bytes) {
    if (pending == null) {
      pending = allocator.directBuffer(Math.max(MIN_CAPACITY, Math.max(bytes, lastTurnBytes)));
    } else {
      pending.ensureWritable(bytes);
    }
    if (!scheduled) {
      scheduled = true;
      eventLoop.execute(flushTask);
    }
    return pending;
  }

  /** Writes what is pending now: before a write that must come after it, such as a Close. */
  void flush() {
    scheduled = false;
    ByteBuf out = pending;
    if (out == null) {
      return;
    }
    pending = null;
    int count = out.readableBytes();
    lastTurnBytes = Math.min(count, MAX_REMEMBERED);
    long before = Transport.pendingWriteBytes(socket);
    if (!Transport.isWritable(socket)) {
      // Vert.x holds writes to an unwritable channel in its own queue and, if the connection
      // closes first, drops them without releasing them: give it bytes the GC can reclaim.
      ByteBuf heap = Unpooled.buffer(count).writeBytes(out);
      out.release();
      out = heap;
    }
    if (socket instanceof NetSocketInternal) {
      ((NetSocketInternal) socket).writeMessage(out); // the transport releases it once written
    } else {
      socket.write(BufferInternal.buffer(out));
    }
    written.written(count, Transport.pendingWriteBytes(socket) - before);
  }

  /** Drops what is pending (the connection is being aborted). */
  void discard() {
    if (pending != null) {
      pending.release();
      pending = null;
    }
  }
}
