package io.wsgate.bench.loadgen.ws;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.wsgate.bench.loadgen.metrics.ErrorCounters;
import io.wsgate.bench.loadgen.metrics.ErrorCounters.Kind;
import io.wsgate.bench.loadgen.metrics.Latency;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Opens and closes many connections with bounded parallelism, spread over the source addresses
 * 127.0.0.1 .. 127.0.0.K (one {@link NetClient} bound to each): Linux picks ephemeral ports per
 * source address, so K addresses give K times the ~28k ports of one. The blocking methods run on
 * the main thread, never on an event loop.
 */
public final class Connector implements AutoCloseable {

  /** Source addresses are 127.0.0.1 up to 127.0.0.254. */
  public static final int MAX_SOURCE_ADDRESSES = 254;
  private static final String LOOPBACK_PREFIX = "127.0.0.";
  private static final int CONNECT_TIMEOUT_MS = 10_000;

  private final Endpoint endpoint;
  private final ErrorCounters errors;
  private final String subprotocol;
  private final List<NetClient> clients = new ArrayList<>();

  public Connector(Vertx vertx, Endpoint endpoint, int sourceAddresses, String subprotocol, ErrorCounters errors) {
    if (sourceAddresses < 1 || sourceAddresses > MAX_SOURCE_ADDRESSES) {
      throw new IllegalArgumentException("source addresses must be 1.." + MAX_SOURCE_ADDRESSES);
    }
    this.endpoint = endpoint;
    this.errors = errors;
    this.subprotocol = subprotocol;
    for (int i = 1; i <= sourceAddresses; i++) {
      NetClientOptions options = new NetClientOptions()
          .setTcpNoDelay(true)
          .setConnectTimeout(CONNECT_TIMEOUT_MS);
      if (sourceAddresses > 1) {
        options.setLocalAddress(LOOPBACK_PREFIX + i);
      }
      clients.add(vertx.createNetClient(options));
    }
  }

  /** Connection {@code index} goes out from source address {@code index % K}. */
  public Future<WsConnection> open(int index, String pathAndQuery, WsConnection.Listener listener) {
    NetClient client = clients.get(index % clients.size());
    return WsConnection.open(client, endpoint, pathAndQuery, subprotocol, errors, listener);
  }

  /**
   * Opens {@code count} connections, at most {@code parallelism} handshakes at a time, and
   * records each handshake (TCP connect to verified 101) in {@code handshakes} if not null.
   * Returns them by index, null where opening failed or did not finish within the timeout.
   */
  public WsConnection[] openAll(int count, int parallelism, IntFunction<String> pathAndQuery,
      IntFunction<WsConnection.Listener> listeners, Latency handshakes, long timeoutMs) throws InterruptedException {
    WsConnection[] opened = new WsConnection[count];
    Semaphore slots = new Semaphore(parallelism);
    AtomicInteger completed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(count);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    for (int i = 0; i < count; i++) {
      if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        break;
      }
      int index = i;
      long start = System.nanoTime();
      open(index, pathAndQuery.apply(index), listeners.apply(index)).onComplete(ar -> {
        if (ar.succeeded()) {
          if (handshakes != null) {
            handshakes.record(System.nanoTime() - start);
          }
          synchronized (opened) {
            opened[index] = ar.result();
          }
        }
        completed.incrementAndGet();
        slots.release();
        done.countDown();
      });
    }
    done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    synchronized (opened) {
      // Failures were counted as they happened; here only what never finished.
      int unfinished = count - completed.get();
      if (unfinished > 0) {
        errors.add(Kind.CONNECT, unfinished, unfinished + " of " + count + " connections not open after " + timeoutMs + " ms");
      }
      return opened.clone();
    }
  }

  /** Close handshakes for all, at most {@code parallelism} at a time; waits up to {@code timeoutMs}. */
  public static void closeAll(WsConnection[] connections, int parallelism, long timeoutMs) throws InterruptedException {
    Semaphore slots = new Semaphore(parallelism);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    List<Future<Void>> closing = new ArrayList<>();
    for (WsConnection connection : connections) {
      if (connection == null) {
        continue;
      }
      if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return;
      }
      closing.add(connection.close().onComplete(ar -> slots.release()));
    }
    CountDownLatch all = new CountDownLatch(closing.size());
    closing.forEach(f -> f.onComplete(ar -> all.countDown()));
    all.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    clients.forEach(NetClient::close);
  }
}
