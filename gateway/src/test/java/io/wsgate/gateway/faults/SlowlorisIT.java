package io.wsgate.gateway.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgate.gateway.testing.RawClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 1,000 slowloris clients, each sending its upgrade request one byte per second, are dropped at
 * {@code limits.handshakeTimeoutMs} (TCP closed, no response) and do not hold up anybody else:
 * while they trickle, ordinary clients open, echo and close, each well within the handshake
 * timeout. Afterwards the gateway's open files are back where they were.
 */
class SlowlorisIT {

  private static final int SLOWLORIS = 1000;
  /** Spread over 127.0.0.2 .. 127.0.0.5. */
  private static final int SOURCE_ADDRESSES = 4;
  private static final long HANDSHAKE_TIMEOUT_MS = 5000;
  /** Timeouts are enforced by a sweeper that runs every second at most: allow that, and a loaded machine. */
  private static final long CUT_SLACK_MS = 10_000;
  /** An ordinary client must open, get its echo back and close within half the handshake timeout. */
  private static final long ORDINARY_BOUND_MS = HANDSHAKE_TIMEOUT_MS / 2;
  /** Files the gateway may hold beyond the baseline afterwards (logs rolling, a class loaded). */
  private static final double FD_SLACK = 10;

  private static FaultGateway gateway;

  @BeforeAll
  static void start() throws IOException {
    gateway = FaultGateway.start("slowloris", String.join("\n",
        "limits:",
        "  handshakeTimeoutMs: " + HANDSHAKE_TIMEOUT_MS,
        "routes:",
        "  - path: /echo",
        "    router: echo",
        ""));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void thousandByteAtATimeHandshakesAreCutAtTheTimeoutWhileOthersAreServed() throws Exception {
    ordinaryRoundTrip(); // JIT and class loading on both sides, not timed
    double baselineFiles = gateway.metric("process_files_open_files");
    double timeoutsBefore = gateway.metric("wsgate_handshake_failures_total", "status", "timeout");

    try (Trickle trickle = new Trickle()) {
      trickle.connectAll();
      trickle.start();

      // While they trickle (and before the first could be cut): ordinary clients, one after the other.
      long cutsStartAt = trickle.firstConnectedAt() + TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_TIMEOUT_MS - 500);
      List<Long> ordinary = new ArrayList<>();
      double filesWhileTrickling = 0;
      while (System.nanoTime() < cutsStartAt) {
        ordinary.add(ordinaryRoundTrip());
        filesWhileTrickling = Math.max(filesWhileTrickling, gateway.metric("process_files_open_files"));
        FaultGateway.pause(Duration.ofMillis(200));
      }
      assertTrue(filesWhileTrickling >= baselineFiles + SLOWLORIS - FD_SLACK,
          "the gateway holds a file per slowloris socket while they trickle: " + filesWhileTrickling
              + " open, baseline " + baselineFiles);
      assertTrue(ordinary.size() >= 3, "ordinary round trips while trickling: " + ordinary);
      for (long millis : ordinary) {
        assertTrue(millis < ORDINARY_BOUND_MS, "an ordinary open + echo + close took " + millis
            + " ms while 1,000 handshakes trickled (all: " + ordinary + " ms)");
      }

      trickle.join();
      trickle.assertAllCutAtTheTimeout();
      System.out.printf("SlowlorisIT: ordinary open+echo+close while trickling %s ms; slowloris cut after %d..%d ms%n",
          ordinary, trickle.earliestCutMillis(), trickle.latestCutMillis());
    }
    assertEquals(SLOWLORIS, gateway.metric("wsgate_handshake_failures_total", "status", "timeout") - timeoutsBefore,
        "handshake timeouts counted");
    gateway.awaitMetric("process_files_open_files", v -> v <= baselineFiles + FD_SLACK,
        "back to the baseline " + baselineFiles, Duration.ofSeconds(20));
  }

  /** Opens /echo with the JDK client, echoes one message, closes; returns the milliseconds it took. */
  private static long ordinaryRoundTrip() throws Exception {
    long start = System.nanoTime();
    CompletableFuture<String> echoed = new CompletableFuture<>();
    WebSocket ws = gateway.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
        .buildAsync(gateway.ws("/echo"), new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              echoed.complete(text.toString());
            }
            webSocket.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    ws.sendText("ordinary", true).get(10, TimeUnit.SECONDS);
    assertEquals("ordinary", echoed.get(10, TimeUnit.SECONDS));
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    ws.abort();
    return millis;
  }

  /**
   * The slowloris sockets: one thread writes the next byte of each one's upgrade request every
   * second and notes when the server ends the connection (EOF or reset).
   */
  private final class Trickle implements Runnable, AutoCloseable {
    private final byte[] request = RawClient.upgradeRequest("/echo", "").getBytes(StandardCharsets.ISO_8859_1);
    private final SocketChannel[] channels = new SocketChannel[SLOWLORIS];
    private final long[] connectedAt = new long[SLOWLORIS];
    private final long[] closedAt = new long[SLOWLORIS];
    private final int[] written = new int[SLOWLORIS];
    private final Selector selector;
    private final Thread thread = new Thread(this, "slowloris-trickle");
    private volatile boolean stopped;
    private volatile int closed;
    private volatile String problem;

    Trickle() throws IOException {
      selector = Selector.open();
    }

    void connectAll() throws IOException {
      for (int i = 0; i < SLOWLORIS; i++) {
        SocketChannel channel = SocketChannel.open();
        channel.bind(new InetSocketAddress("127.0.0." + (2 + i % SOURCE_ADDRESSES), 0));
        channel.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
        connectedAt[i] = System.nanoTime();
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ, i);
        channels[i] = channel;
        writeNextByte(i);
      }
    }

    @Override
    public void run() {
      ByteBuffer readBuffer = ByteBuffer.allocate(4096);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_TIMEOUT_MS + CUT_SLACK_MS);
      long nextTick = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      try {
        while (!stopped && closed < SLOWLORIS && System.nanoTime() < deadline) {
          long untilTick = TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime());
          if (untilTick > 0) {
            selector.select(untilTick);
          } else {
            selector.selectNow();
          }
          for (SelectionKey key : selector.selectedKeys()) {
            int i = (Integer) key.attachment();
            readBuffer.clear();
            int read;
            try {
              read = channels[i].read(readBuffer);
            } catch (IOException reset) {
              read = -1;
            }
            if (read > 0 && problem == null) {
              problem = "the server answered slowloris socket " + i + " before its request was complete: "
                  + new String(readBuffer.array(), 0, read, StandardCharsets.ISO_8859_1);
            }
            if (read < 0) {
              markClosed(i, key);
            }
          }
          selector.selectedKeys().clear();
          if (System.nanoTime() >= nextTick) {
            nextTick += TimeUnit.SECONDS.toNanos(1);
            for (int i = 0; i < SLOWLORIS; i++) {
              if (closedAt[i] == 0) {
                writeNextByte(i);
              }
            }
          }
        }
      } catch (IOException e) {
        problem = "trickle thread: " + e;
      }
    }

    private void writeNextByte(int i) {
      if (written[i] >= request.length - 1) {
        problem = "slowloris socket " + i + " almost completed its request: the test trickles too fast";
        return;
      }
      try {
        written[i] += channels[i].write(ByteBuffer.wrap(request, written[i], 1));
      } catch (IOException reset) {
        markClosed(i, channels[i].keyFor(selector));
      }
    }

    private void markClosed(int i, SelectionKey key) {
      if (closedAt[i] == 0) {
        closedAt[i] = System.nanoTime();
        closed++;
        if (key != null) {
          key.cancel();
        }
      }
    }

    long firstConnectedAt() {
      return connectedAt[0];
    }

    void assertAllCutAtTheTimeout() {
      assertNull(problem);
      assertEquals(SLOWLORIS, closed, "slowloris sockets closed by the server within " + CUT_SLACK_MS
          + " ms after the handshake timeout");
      long earliest = earliestCutMillis();
      // The gateway counts from its accept, which may come a little before our connect() returns.
      assertTrue(earliest >= HANDSHAKE_TIMEOUT_MS - 250, "a slowloris socket was cut after " + earliest
          + " ms, before the handshake timeout of " + HANDSHAKE_TIMEOUT_MS + " ms");
    }

    long earliestCutMillis() {
      long earliest = Long.MAX_VALUE;
      for (int i = 0; i < SLOWLORIS; i++) {
        earliest = Math.min(earliest, TimeUnit.NANOSECONDS.toMillis(closedAt[i] - connectedAt[i]));
      }
      return earliest;
    }

    long latestCutMillis() {
      long latest = 0;
      for (int i = 0; i < SLOWLORIS; i++) {
        latest = Math.max(latest, TimeUnit.NANOSECONDS.toMillis(closedAt[i] - connectedAt[i]));
      }
      return latest;
    }

    void start() {
      thread.start();
    }

    /** Waits until every socket is closed or the trickle gives up. */
    void join() throws InterruptedException {
      thread.join();
    }

    @Override
    public void close() throws IOException {
      stopped = true;
      selector.wakeup();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (SocketChannel channel : channels) {
        if (channel != null) {
          channel.close();
        }
      }
      selector.close();
    }
  }
}
