package io.wsgate.bench.loadgen.mode;

import io.vertx.core.json.JsonObject;
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
    BroadcastReceiver[] receiving = new BroadcastReceiver[receivers];
    WsConnection[] opened = run.connector().openAll(receivers, run.connectParallelism(), i -> path,
        i -> receiving[i] = new BroadcastReceiver(run, stamp, text, deliveries, ready), null, run.setupTimeoutMs());
    int reachable = EchoMode.count(opened);
    WsConnection[] senderSlot = run.connector().openAll(1, 1, i -> path, i -> new BroadcastReceiver.SenderSelfCheck(run), null,
        run.setupTimeoutMs());
    WsConnection senderConnection = senderSlot[0];
    if (senderConnection == null || reachable == 0) {
      Connector.closeAll(opened, run.connectParallelism(), run.setupTimeoutMs());
      return new Outcome(new JsonObject().put("receivers", reachable), "could not connect", 0);
    }
    BroadcastReceiver.awaitReceivers(run, senderConnection, text, ready, reachable);

    int opcode = text ? Rfc6455.OP_TEXT : Rfc6455.OP_BINARY;
    int header = FrameMasker.headerLength(stamp.size());
    Publisher sender = new Publisher(run, senderConnection, window, rate, (sequence, nanos) -> {
      byte[] frame = FrameMasker.allocate(opcode, stamp.size());
      stamp.write(frame, header, sequence, nanos);
      return FrameMasker.seal(frame);
    });
    FanOut fanOut = new FanOut(reachable, window, sender::wake);
    sender.track(fanOut);
    for (BroadcastReceiver receiver : receiving) {
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
        BroadcastReceiver receiver = receiving[i];
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
}
