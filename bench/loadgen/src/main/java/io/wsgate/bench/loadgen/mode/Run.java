package io.wsgate.bench.loadgen.mode;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.wsgate.bench.loadgen.cli.Options;
import io.wsgate.bench.loadgen.metrics.ErrorCounters;
import io.wsgate.bench.loadgen.metrics.Latency;
import io.wsgate.bench.loadgen.metrics.Measurement;
import io.wsgate.bench.loadgen.ws.Connector;
import io.wsgate.bench.loadgen.ws.Endpoint;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What every mode shares: the options common to all modes, the client Vert.x, the connector,
 * error counters, the latency histogram, the measured window, and the timeline
 * (warm-up, measure, stop sending, drain). The timeline methods block the main thread.
 */
public final class Run implements AutoCloseable {

  /** Open file descriptors are capped at 20,000 per process on the bench machine; stay clear. */
  public static final int MAX_CONNECTIONS = 15_000;
  private static final long POLL_MS = 10;
  private static final double MAX_SECONDS = 3600;
  private static final long CLOSE_TIMEOUT_S = 30;

  private final Options options;
  private final Vertx vertx;
  private final Endpoint endpoint;
  private final ErrorCounters errors = new ErrorCounters();
  private final Latency latency = new Latency();
  private final Measurement measurement;
  private final Connector connector;
  private final int eventLoops;
  private final int connectParallelism;
  private final long warmupMs;
  private final long durationMs;
  private final long drainMs;
  private final long serverPid;
  private final AtomicLong budget;
  private volatile boolean sending = true;

  public Run(Options options) {
    this.options = options;
    String host = options.string("host", "127.0.0.1");
    int port = options.integer("port", 8080, 1, 65535);
    eventLoops = options.integer("threads", 1, 1, 64);
    warmupMs = millis(options.decimal("warmup", 2, 0, MAX_SECONDS));
    durationMs = millis(options.decimal("duration", 10, 0.1, MAX_SECONDS));
    drainMs = millis(options.decimal("drain-timeout", 5, 0, MAX_SECONDS));
    serverPid = options.longValue("server-pid", -1, -1, Long.MAX_VALUE);
    connectParallelism = options.integer("connect-parallelism", 100, 1, MAX_CONNECTIONS);
    int sourceAddresses = options.integer("source-addresses", 1, 1, Connector.MAX_SOURCE_ADDRESSES);
    String subprotocol = options.string("subprotocol", null);
    budget = new AtomicLong(options.longValue("max-messages", 1_000_000_000L, 1, Long.MAX_VALUE));
    endpoint = new Endpoint(host, port);
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    measurement = new Measurement(serverPid, eventLoops);
    connector = new Connector(vertx, endpoint, sourceAddresses, subprotocol, errors);
  }

  public Options options() {
    return options;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public ErrorCounters errors() {
    return errors;
  }

  public Latency latency() {
    return latency;
  }

  public Measurement measurement() {
    return measurement;
  }

  public Connector connector() {
    return connector;
  }

  public int connectParallelism() {
    return connectParallelism;
  }

  public long serverPid() {
    return serverPid;
  }

  /** Setup (connecting, joining) gets this long, generously: it is not measured. */
  public long setupTimeoutMs() {
    return TimeUnit.SECONDS.toMillis(60);
  }

  /** True until the measured window ends or the message budget ({@code --max-messages}) runs out. */
  public boolean sending() {
    return sending;
  }

  /** Takes one message from the budget; false (and sending stops) once it is spent. */
  public boolean takeMessage() {
    if (budget.getAndDecrement() > 0) {
      return true;
    }
    sending = false;
    return false;
  }

  /** Sleeps through the warm-up (shorter if the budget runs out). */
  public void warmUp() throws InterruptedException {
    sleepWhileSending(warmupMs);
  }

  /** The measured window: starts the clocks and the histogram, sleeps, freezes both. */
  public void measure() throws InterruptedException {
    latency.startInterval();
    measurement.begin();
    sleepWhileSending(durationMs);
    measurement.end();
    latency.endInterval();
  }

  public void stopSending() {
    sending = false;
  }

  /** Waits (up to {@code --drain-timeout}) until {@code done}; returns whether it got there. */
  public boolean drain(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMs);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Thread.sleep(POLL_MS);
    }
    return true;
  }

  /** Sleeps up to {@code ms}, polling {@code until}; returns whether it became true. */
  public static boolean await(BooleanSupplier until, long ms) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    while (!until.getAsBoolean()) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Thread.sleep(POLL_MS);
    }
    return true;
  }

  /** Runs {@code task} on an event loop context and waits for its result (main thread only). */
  public static <T> T callOn(Context context, Supplier<T> task) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> result.complete(task.get()));
    try {
      return result.future().await(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("event loop did not answer within " + CLOSE_TIMEOUT_S + " s", e);
    }
  }

  private void sleepWhileSending(long ms) throws InterruptedException {
    await(() -> !sending, ms);
  }

  private static long millis(double seconds) {
    return Math.round(seconds * 1000);
  }

  @Override
  public void close() {
    connector.close();
    try {
      vertx.close().await(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      System.err.println("loadgen: Vert.x did not close within " + CLOSE_TIMEOUT_S + " s");
    }
  }
}
