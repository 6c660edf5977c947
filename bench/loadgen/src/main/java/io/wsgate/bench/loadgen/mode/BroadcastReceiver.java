package io.wsgate.bench.loadgen.mode;

import io.vertx.core.buffer.Buffer;
import io.wsgate.bench.loadgen.metrics.ErrorCounters.Kind;
import io.wsgate.bench.loadgen.payload.Stamp;
import io.wsgate.bench.loadgen.ws.FrameMasker;
import io.wsgate.bench.loadgen.ws.Rfc6455;
import io.wsgate.bench.loadgen.ws.WsConnection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One receiver of a broadcast (modes {@code broadcast} and {@code soak}): checks order, content
 * and type of every delivery, counts it, and reports it to the sender's {@link FanOut}. Runs on
 * its connection's event loop.
 */
final class BroadcastReceiver implements WsConnection.Listener {

  private static final long PROBE_INTERVAL_MS = 50;

  private final Run run;
  private final Stamp stamp;
  private final boolean text;
  private final LongAdder deliveries;
  private final AtomicInteger ready;
  private final Stamp.Values values = new Stamp.Values();
  private boolean probed;
  private long nextExpected;
  private long gaps;
  volatile FanOut fanOut;

  /**
   * @param deliveries counts every verified delivery (shared by the receivers)
   * @param ready counts receivers that got their first probe (shared)
   */
  BroadcastReceiver(Run run, Stamp stamp, boolean text, LongAdder deliveries, AtomicInteger ready) {
    this.run = run;
    this.stamp = stamp;
    this.text = text;
    this.deliveries = deliveries;
    this.ready = ready;
  }

  @Override
  public void onMessage(WsConnection connection, boolean isText, Buffer payload) {
    long now = System.nanoTime();
    if (Stamp.isProbe(payload)) {
      if (!probed) {
        probed = true;
        ready.incrementAndGet();
      }
      return;
    }
    if (isText != text || !stamp.read(payload, values)) {
      run.errors().add(Kind.VERIFY, "broadcast: a delivery differs from what was sent ("
          + payload.length() + " bytes, text=" + isText + ")");
      return;
    }
    long sequence = values.sequence;
    if (sequence < nextExpected) {
      run.errors().add(Kind.VERIFY, "broadcast: message " + sequence + " again or out of order (expected "
          + nextExpected + ")");
      return;
    }
    if (sequence > nextExpected) {
      gaps += sequence - nextExpected; // those never came: loss
    }
    nextExpected = sequence + 1;
    deliveries.increment();
    run.latency().record(now - values.sentNanos);
    fanOut.delivered(sequence);
  }

  /** Messages this receiver lacks, of the {@code sent} the sender sent; call on its event loop. */
  long missing(long sent) {
    return gaps + Math.max(0, sent - nextExpected);
  }

  /**
   * Groups may register members asynchronously: the sender sends probes until {@code expected}
   * receivers got one (counted in {@code ready}), or the setup timeout is an error.
   */
  static void awaitReceivers(Run run, WsConnection sender, boolean text, AtomicInteger ready, int expected)
      throws InterruptedException {
    int opcode = text ? Rfc6455.OP_TEXT : Rfc6455.OP_BINARY;
    long timer = run.vertx().setPeriodic(1, PROBE_INTERVAL_MS, id -> sender.context().runOnContext(v ->
        sender.send(FrameMasker.frame(opcode, Stamp.probe("ready")))));
    boolean allReady = Run.await(() -> ready.get() >= expected, run.setupTimeoutMs());
    run.vertx().cancelTimer(timer);
    if (!allReady) {
      run.errors().add(Kind.SERVER_ERROR, "broadcast: only " + ready.get() + " of " + expected
          + " receivers got a probe within " + run.setupTimeoutMs() + " ms");
    }
  }

  /** The sender must not receive its own messages (the route excludes the sender). */
  static final class SenderSelfCheck implements WsConnection.Listener {
    private final Run run;

    SenderSelfCheck(Run run) {
      this.run = run;
    }

    @Override
    public void onMessage(WsConnection connection, boolean isText, Buffer payload) {
      run.errors().add(Kind.VERIFY, "broadcast: the sender received a message (" + payload.length()
          + " bytes); the route must exclude the sender");
    }
  }
}
