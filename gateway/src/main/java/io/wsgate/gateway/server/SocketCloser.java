package io.wsgate.gateway.server;

import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/** Drops a TCP connection at once, discarding unsent bytes (a client that stopped reading). */
final class SocketCloser {

  private SocketCloser() {
  }

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
}
