package io.wsgate.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.protocol.OpCode;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The transport's pooled buffers the gateway takes on (reads parsed in place) and makes (one
 * outbound buffer per socket and turn) are all released, also on the paths where Vert.x keeps
 * them: reads that arrive while input is paused, writes held while the channel is not writable,
 * then a connection that ends.
 */
@ExtendWith(VertxExtension.class)
class PooledBuffersTest {

  @Test
  void readsThatArriveWhileInputIsPausedAreReleasedWhenTheSocketCloses(Vertx vertx) throws Exception {
    List<ByteBuf> reads = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> handledBeforeClose = new CompletableFuture<>();
    int[] handled = {0};
    NetServer server = vertx.createNetServer().connectHandler(socket -> {
      ChannelHandlerContext vertxHandler = ((NetSocketInternal) socket).channelHandlerContext();
      vertxHandler.pipeline().addBefore(vertxHandler.name(), "count-reads", new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
          reads.add((ByteBuf) message);
          ctx.fireChannelRead(message);
        }
      });
      assertTrue(Transport.readInPlace(socket, bytes -> handled[0]++));
      socket.pause(); // as a connection does while its token is checked, or its client does not read
      socket.closeHandler(v -> {
        handledBeforeClose.complete(handled[0]);
        Transport.releaseQueuedReads(socket);
      });
    });
    int port = server.listen(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
    try (Socket client = new Socket("127.0.0.1", port)) {
      OutputStream out = client.getOutputStream();
      for (int i = 0; i < 5; i++) {
        out.write(new byte[1000]);
        out.flush();
        Thread.sleep(30);
      }
    }
    assertEquals(0, handledBeforeClose.get(5, TimeUnit.SECONDS), "paused: nothing was handed over");
    assertTrue(reads.size() > 0, "the transport read something");
    awaitReleased(reads);
  }

  @Test
  void writesHeldWhileTheChannelIsNotWritableAreReleasedWhenItIsAborted(Vertx vertx) throws Exception {
    List<ByteBuf> allocated = new CopyOnWriteArrayList<>();
    PooledByteBufAllocator recording = new PooledByteBufAllocator(true) {
      @Override
      public ByteBuf directBuffer(int initialCapacity) {
        ByteBuf buffer = super.directBuffer(initialCapacity);
        allocated.add(buffer);
        return buffer;
      }
    };
    CompletableFuture<Void> aborted = new CompletableFuture<>();
    NetServer server = vertx.createNetServer().connectHandler(socket -> {
      socket.setWriteQueueMaxSize(16 * 1024);
      OutboundBatch batch = new OutboundBatch(socket, recording, (bytes, added) -> { });
      Buffer payload = Buffer.buffer(new byte[32 * 1024]);
      socket.closeHandler(v -> aborted.complete(null));
      int[] turns = {0};
      vertx.setPeriodic(5, id -> {
        batch.add(OpCode.BINARY, payload);
        batch.flush();
        if (++turns[0] == 100) { // far more than the client's small window takes: Vert.x holds writes
          vertx.cancelTimer(id);
          Transport.abort(socket); // as for a slow consumer
        }
      });
    });
    int port = server.listen(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
    try (Socket client = new Socket()) {
      client.setReceiveBufferSize(4096);
      client.connect(new InetSocketAddress("127.0.0.1", port));
      aborted.get(20, TimeUnit.SECONDS); // the client never reads
    }
    assertEquals(100, allocated.size());
    awaitReleased(allocated);
  }

  private static void awaitReleased(List<ByteBuf> buffers) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (buffers.stream().anyMatch(b -> b.refCnt() > 0) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, buffers.stream().filter(b -> b.refCnt() > 0).count(),
        "buffers still held of " + buffers.size());
  }
}
