package io.wsgate.gateway.server;

import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/** Drops a TCP connection at once, discarding unsent bytes (a client that stopped reading). */
final class SocketCloser {

  private SocketCloser() {
  }

  static void abort(NetSocket socket) {
    if (socket instanceof NetSocketInternal) {
      ((NetSocketInternal) socket).channelHandlerContext().channel().close();
    } else {
      socket.close();
    }
  }
}
