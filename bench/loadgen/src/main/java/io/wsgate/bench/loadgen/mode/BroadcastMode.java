package io.wsgate.bench.loadgen.mode;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.wsgate.bench.loadgen.metrics.ErrorCounters.Kind;
import io.wsgate.bench.loadgen.payload.Stamp;
import io.wsgate.bench.loadgen.ws.Connector;
import io.wsgate.bench.loadgen.ws.FrameMasker;
import io.wsgate.bench.loadgen.ws.Rfc6455;
import io.wsgate.bench.loadgen.ws.WsConnection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code broadcast}: R receivers and one sender on {@code /broadcast}. Every receiver must get
 * every message, in order, and the sender none of its own. Closed loop by default (at most
 * {@code --window} messages not yet delivered to all), or {@code --rate N} messages/s, where
 * latency is meaningful. Reports deliveries/s, loss and latency (send to each delivery).
 */
public final class BroadcastMode implements Mode {

  private static final long PROBE_INTERVAL_MS = 50;

  private int receivers;
  private int window;
  private double rate;
  private boolean text;
  private String path;
  private Stamp stamp;

  private final LongAdder deliveries = new LongAdder();
  private final AtomicInteger ready = new AtomicInteger();

  @Override
  public void configure(Run run) {
    receivers = run.options().integer("receivers", 1000, 1, Run.MAX_CONNECTIONS - 1);
    rate = run.options().decimal("rate", 0, 0, 10_000_000);
    // Closed loop: a few messages in flight keep the server busy; fixed rate: the backlog cap.
    window = run.options().integer("window", rate > 0 ? 1 << 16 : 16, 1, 1 << 24);
    int size = run.options().integer("size", 64, Stamp.HEADER_BYTES, WsConnection.MAX_MESSAGE_BYTES);
    text = run.options().choice("type", "text", "text", "binary").equals("text");
    path = run.options().string("path", "/broadcast");
    stamp = new Stamp(size);
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Outcome run(Run run) throws InterruptedException {
    Receiver[] receiving = new Receiver[receivers];
    WsConnection[] opened = run.connector().openAll(receivers, run.connectParallelism(), i -> path,
        i -> receiving[i] = new Receiver(run), null, run.setupTimeoutMs());
    int reachable = EchoMode.count(opened);
    WsConnection[] senderSlot = run.connector().openAll(1, 1, i -> path, i -> new SelfCheck(run), null,
        run.setupTimeoutMs());
    WsConnection senderConnection = senderSlot[0];
    if (senderConnection == null || reachable == 0) {
      Connector.closeAll(opened, run.connectParallelism(), run.setupTimeoutMs());
      return new Outcome(new JsonObject().put("receivers", reachable), "could not connect", 0);
    }
    awaitReceivers(run, senderConnection, reachable);

    int opcode = text ? Rfc6455.OP_TEXT : Rfc6455.OP_BINARY;
    int header = FrameMasker.headerLength(stamp.size());
    Publisher sender = new Publisher(run, senderConnection, window, rate, (sequence, nanos) -> {
      byte[] frame = FrameMasker.allocate(opcode, stamp.size());
      stamp.write(frame, header, sequence, nanos);
      return FrameMasker.seal(frame);
    });
    FanOut fanOut = new FanOut(reachable, window, sender::wake);
    sender.track(fanOut);
    for (Receiver receiver : receiving) {
      if (receiver != null) {
        receiver.fanOut = fanOut;
      }
    }
    sender.start();
    run.warmUp();
    long deliveries0 = deliveries.sum();
    long sent0 = sender.sent();
    run.measure();
    long measured = deliveries.sum() - deliveries0;
    long sentMeasured = sender.sent() - sent0;
    run.stopSending();
    sender.stop();
    run.drain(() -> fanOut.complete() == sender.sent());
    long lost = 0;
    for (int i = 0; i < receivers; i++) {
      if (opened[i] != null) {
        Receiver receiver = receiving[i];
        long sent = sender.sent();
        lost += Run.callOn(opened[i].context(), () -> receiver.missing(sent));
      }
    }
    Connector.closeAll(opened, run.connectParallelism(), run.setupTimeoutMs());
    Connector.closeAll(senderSlot, 1, run.setupTimeoutMs());

    double seconds = run.measurement().seconds();
    JsonObject figures = new JsonObject()
        .put("receivers", reachable)
        .put("rate", rate)
        .put("sentPerSec", Math.round(sentMeasured / seconds))
        .put("deliveries", measured)
        .put("deliveriesPerSec", Math.round(measured / seconds))
        .put("sentTotal", sender.sent())
        .put("lost", lost);
    String summary = String.format("%,.0f deliveries/s (%,.0f msgs/s to %d receivers%s), lost %d, latency p50 %.0f us, p99 %.0f us",
        measured / seconds, sentMeasured / seconds, reachable, rate > 0 ? ", fixed rate " + rate : ", closed loop",
        lost, run.latency().percentileMicros(50), run.latency().percentileMicros(99));
    return new Outcome(figures, summary, lost);
  }

  /** Groups may register members asynchronously: probe until every receiver is reachable. */
  private void awaitReceivers(Run run, WsConnection sender, int expected) throws InterruptedException {
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

  /** One receiver: checks order, content and type, and reports each delivery to the tracker. */
  private final class Receiver implements WsConnection.Listener {
    private final Run run;
    private final Stamp.Values values = new Stamp.Values();
    private boolean probed;
    private long nextExpected;
    private long gaps;
    volatile FanOut fanOut;

    Receiver(Run run) {
      this.run = run;
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
  }

  /** The sender must not receive its own messages (the route excludes the sender). */
  private static final class SelfCheck implements WsConnection.Listener {
    private final Run run;

    SelfCheck(Run run) {
      this.run = run;
    }

    @Override
    public void onMessage(WsConnection connection, boolean isText, Buffer payload) {
      run.errors().add(Kind.VERIFY, "broadcast: the sender received a message (" + payload.length()
          + " bytes); the route must exclude the sender");
    }
  }
}
