package io.wsgate.gateway.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/** What the gateway needs from a socket beyond the NetSocket API: abort, half-close, queue size. */
final class Transport {

  private Transport() {
  }

  /** Drops the connection at once, discarding unsent bytes (a client that stopped reading). */
  static void abort(NetSocket socket) {
    if (socket instanceof NetSocketInternal) {
      // NetSocket.close() and channel().close() both pass through Vert.x's handler, which holds
      // the close until queued writes flush: never, for a client that does not read. Closing
      // from that handler's own context goes straight to the transport.
      ((NetSocketInternal) socket).channelHandlerContext().close();
    } else {
      socket.close();
    }
  }

  /**
   * Sends FIN but keeps reading ("lingering close"). A client may still be sending when the
   * server gives up on it (an oversized message, a rejected handshake): closing outright would
   * answer its next bytes with a reset, and many clients drop what they had not read yet —
   * including our Close frame or HTTP status. The caller discards input until the client's EOF.
   */
  /** The event loop that serves this socket, for tasks that must run on its thread. */
  static java.util.concurrent.Executor eventLoop(NetSocket socket) {
    if (socket instanceof NetSocketInternal) {
      return ((NetSocketInternal) socket).channelHandlerContext().executor();
    }
    return Runnable::run;
  }

  /**
   * Hands each read to {@code handler} as a buffer over the transport's own (pooled, usually
   * direct) bytes, released once the handler returns: no copy into a new heap buffer per read, as
   * {@link NetSocket#handler} makes. The handler must copy what it keeps. Returns false (nothing
   * set) for a socket without Vert.x's internal API.
   */
  static boolean readInPlace(NetSocket socket, Handler<Buffer> handler) {
    if (!(socket instanceof NetSocketInternal)) {
      return false;
    }
    ((NetSocketInternal) socket).messageHandler(message -> {
      if (message instanceof ByteBuf) {
        ByteBuf bytes = (ByteBuf) message;
        try {
          handler.handle(BufferInternal.buffer(bytes));
        } finally {
          bytes.release();
        }
      } else {
        ReferenceCountUtil.release(message);
      }
    });
    return true;
  }

  /**
   * Releases the reads that waited while input was paused, for a socket set up with
   * {@link #readInPlace} that is closed: resuming hands them to the read handler (which must
   * ignore them by now), and it releases each one. Vert.x would otherwise keep them unreleased.
   */
  static void releaseQueuedReads(NetSocket socket) {
    socket.resume();
  }

  /** Whether the channel is under its high-water mark (Vert.x sets it from writeQueueMaxSize). */
  static boolean isWritable(NetSocket socket) {
    return !(socket instanceof NetSocketInternal)
        || ((NetSocketInternal) socket).channelHandlerContext().channel().isWritable();
  }

  /**
   * Calls {@code listener} on the socket's event loop each time the channel becomes writable
   * again. Vert.x's drain handler follows Vert.x's own write queue, which does not notice a
   * channel filled by a single large write; this follows the channel itself.
   */
  static void onWritable(NetSocket socket, Runnable listener) {
    if (!(socket instanceof NetSocketInternal)) {
      socket.drainHandler(v -> listener.run());
      return;
    }
    ChannelHandlerContext vertx = ((NetSocketInternal) socket).channelHandlerContext();
    vertx.pipeline().addBefore(vertx.name(), "wsgate-writability", new ChannelInboundHandlerAdapter() {
      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
          listener.run();
        }
        ctx.fireChannelWritabilityChanged();
      }
    });
  }

  /** Bytes written but not yet accepted by the kernel; safe to read from any thread. */
  static long pendingWriteBytes(NetSocket socket) {
    if (socket instanceof NetSocketInternal) {
      var buffer = ((NetSocketInternal) socket).channelHandlerContext().channel().unsafe().outboundBuffer();
      return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
    return 0;
  }

  static void shutdownOutput(NetSocket socket) {
    Channel channel = socket instanceof NetSocketInternal
        ? ((NetSocketInternal) socket).channelHandlerContext().channel() : null;
    if (channel instanceof DuplexChannel) {
      ((DuplexChannel) channel).shutdownOutput();
    } else {
      socket.close();
    }
  }
}
