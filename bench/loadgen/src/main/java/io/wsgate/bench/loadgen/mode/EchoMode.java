package io.wsgate.bench.loadgen.mode;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.wsgate.bench.loadgen.metrics.ErrorCounters.Kind;
import io.wsgate.bench.loadgen.payload.Stamp;
import io.wsgate.bench.loadgen.ws.Connector;
import io.wsgate.bench.loadgen.ws.FrameMasker;
import io.wsgate.bench.loadgen.ws.Rfc6455;
import io.wsgate.bench.loadgen.ws.WsConnection;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code echo}: C connections, each keeping D messages of S bytes in flight (D = 1 is
 * request/response; larger D is pipelining). Every reply must be the message sent, same type, in
 * order. Reports messages/s and payload MB/s received, and round-trip latency.
 */
public final class EchoMode implements Mode {

  private static final double BYTES_PER_MB = 1e6;

  private int connections;
  private int inFlight;
  private boolean text;
  private String path;
  private Stamp stamp;

  private final LongAdder sent = new LongAdder();
  private final LongAdder received = new LongAdder();

  @Override
  public void configure(Run run) {
    connections = run.options().integer("connections", 100, 1, Run.MAX_CONNECTIONS);
    inFlight = run.options().integer("in-flight", 1, 1, 1 << 20);
    int size = run.options().integer("size", 64, Stamp.HEADER_BYTES, WsConnection.MAX_MESSAGE_BYTES);
    text = run.options().choice("type", "text", "text", "binary").equals("text");
    path = run.options().string("path", "/echo");
    stamp = new Stamp(size);
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Outcome run(Run run) throws InterruptedException {
    Client[] clients = new Client[connections];
    WsConnection[] opened = run.connector().openAll(connections, run.connectParallelism(), i -> path,
        i -> clients[i] = new Client(run), null, run.setupTimeoutMs());
    for (int i = 0; i < connections; i++) {
      if (opened[i] != null) {
        clients[i].start(opened[i]);
      }
    }
    run.warmUp();
    long received0 = received.sum();
    run.measure();
    long measured = received.sum() - received0;
    run.stopSending();
    run.drain(() -> sent.sum() == received.sum());
    long lost = sent.sum() - received.sum();
    Connector.closeAll(opened, run.connectParallelism(), run.setupTimeoutMs());

    double seconds = run.measurement().seconds();
    double messagesPerSecond = measured / seconds;
    double megabytesPerSecond = messagesPerSecond * stamp.size() / BYTES_PER_MB;
    JsonObject figures = new JsonObject()
        .put("connections", count(opened))
        .put("messages", measured)
        .put("msgsPerSec", Math.round(messagesPerSecond))
        .put("mbPerSec", Math.round(megabytesPerSecond * 100) / 100.0)
        .put("sentTotal", sent.sum())
        .put("unanswered", lost);
    String summary = String.format("%,.0f msgs/s, %.2f MB/s payload, latency p50 %.0f us, p99 %.0f us, p99.9 %.0f us",
        messagesPerSecond, megabytesPerSecond, run.latency().percentileMicros(50),
        run.latency().percentileMicros(99), run.latency().percentileMicros(99.9));
    return new Outcome(figures, summary, lost);
  }

  static int count(WsConnection[] connections) {
    int open = 0;
    for (WsConnection connection : connections) {
      open += connection == null ? 0 : 1;
    }
    return open;
  }

  /** One connection's pipeline; runs on its event loop. */
  private final class Client implements WsConnection.Listener {
    private final Run run;
    private final Stamp.Values values = new Stamp.Values();
    private WsConnection connection;
    private long nextToSend;
    private long nextExpected;

    Client(Run run) {
      this.run = run;
    }

    void start(WsConnection opened) {
      connection = opened;
      connection.context().runOnContext(v -> {
        for (int i = 0; i < inFlight; i++) {
          sendNext();
        }
      });
    }

    private void sendNext() {
      if (!run.sending() || !run.takeMessage()) {
        return;
      }
      int opcode = text ? Rfc6455.OP_TEXT : Rfc6455.OP_BINARY;
      byte[] frame = FrameMasker.allocate(opcode, stamp.size());
      stamp.write(frame, FrameMasker.headerLength(stamp.size()), nextToSend++, System.nanoTime());
      sent.increment();
      connection.send(FrameMasker.seal(frame));
    }

    @Override
    public void onMessage(WsConnection from, boolean isText, Buffer payload) {
      long now = System.nanoTime();
      received.increment();
      if (isText != text || !stamp.read(payload, values)) {
        run.errors().add(Kind.VERIFY, "echo: reply " + nextExpected + " differs from what was sent ("
            + payload.length() + " bytes, text=" + isText + ")");
        nextExpected++;
      } else if (values.sequence != nextExpected) {
        run.errors().add(Kind.VERIFY, "echo: expected reply " + nextExpected + ", got " + values.sequence);
        nextExpected = values.sequence + 1;
      } else {
        nextExpected++;
        run.latency().record(now - values.sentNanos);
      }
      sendNext();
    }
  }
}
