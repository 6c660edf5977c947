package io.wsgate.bench.loadgen.mode;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.wsgate.bench.loadgen.metrics.ErrorCounters.Kind;
import io.wsgate.bench.loadgen.metrics.HeapProbe;
import io.wsgate.bench.loadgen.metrics.ProcStats;
import io.wsgate.bench.loadgen.ws.Connector;
import io.wsgate.bench.loadgen.ws.WsConnection;

/**
 * {@code connect}: opens N connections with bounded parallelism ({@code --connect-parallelism}),
 * spread over {@code --source-addresses}, and holds them idle. Reports handshakes/s and
 * handshake latency (TCP connect to verified 101), and the server's memory per idle connection:
 * RSS from /proc (needs {@code --server-pid}) and, with {@code --heap jcmd}, live heap. First
 * {@code --warmup-connections} (default 200) are opened and closed, unmeasured.
 */
public final class ConnectMode implements Mode {

  private static final long MILLIS_PER_SECOND = 1000;

  private int connections;
  private int warmupConnections;
  private long holdMs;
  private boolean heapByJcmd;
  private String path;

  @Override
  public void configure(Run run) {
    connections = run.options().integer("connections", 10_000, 1, Run.MAX_CONNECTIONS);
    // Opened and closed before measuring, so handshakes are not timed through JIT warm-up;
    // few, because the memory they leave committed hides part of the per-connection growth.
    warmupConnections = run.options().integer("warmup-connections", Math.min(connections, 200), 0, Run.MAX_CONNECTIONS);
    holdMs = Math.round(run.options().decimal("hold", 2, 0, 3600) * MILLIS_PER_SECOND);
    heapByJcmd = run.options().choice("heap", "none", "none", "jcmd").equals("jcmd");
    path = run.options().string("path", "/echo");
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Outcome run(Run run) throws InterruptedException {
    long pid = run.serverPid();
    if (warmupConnections > 0) {
      WsConnection[] warm = run.connector().openAll(warmupConnections, run.connectParallelism(), i -> path,
          i -> new Silent(run), null, run.setupTimeoutMs());
      Connector.closeAll(warm, run.connectParallelism(), run.setupTimeoutMs());
    }
    long heapBefore = heapByJcmd && pid > 0 ? HeapProbe.liveHeapBytes(pid) : -1;
    long rssBefore = pid > 0 ? ProcStats.rssBytes(pid) : -1;

    run.latency().startInterval();
    run.measurement().begin();
    WsConnection[] opened = run.connector().openAll(connections, run.connectParallelism(), i -> path,
        i -> new Silent(run), run.latency(), run.setupTimeoutMs());
    run.measurement().end();
    run.latency().endInterval();
    int open = EchoMode.count(opened);

    Thread.sleep(holdMs); // idle: lets the server settle (buffers, GC) before memory is read
    long rssAfter = pid > 0 ? ProcStats.rssBytes(pid) : -1;
    long heapAfter = heapByJcmd && pid > 0 ? HeapProbe.liveHeapBytes(pid) : -1;
    int stillOpen = 0;
    for (WsConnection connection : opened) {
      stillOpen += connection != null && connection.isOpen() ? 1 : 0;
    }
    Connector.closeAll(opened, run.connectParallelism(), run.setupTimeoutMs());

    double seconds = run.measurement().seconds();
    JsonObject figures = new JsonObject()
        .put("connections", connections)
        .put("opened", open)
        .put("openAfterHold", stillOpen)
        .put("handshakesPerSec", Math.round(open / seconds))
        .put("rssBeforeBytes", rssBefore)
        .put("rssAfterBytes", rssAfter)
        .put("rssPerConnectionBytes", perConnection(rssBefore, rssAfter, open))
        .put("heap", heapByJcmd ? "jcmd GC.run + GC.heap_info" : "not measured")
        .put("heapBeforeBytes", heapBefore)
        .put("heapAfterBytes", heapAfter)
        .put("heapPerConnectionBytes", perConnection(heapBefore, heapAfter, open));
    String memory = rssBefore < 0 ? "server RSS unknown (no --server-pid)"
        : String.format("server RSS %+,d bytes/connection", perConnection(rssBefore, rssAfter, open));
    if (heapBefore >= 0 && heapAfter >= 0) {
      memory += String.format(", live heap %+,d bytes/connection", perConnection(heapBefore, heapAfter, open));
    }
    String summary = String.format("%,d of %,d open, %,.0f handshakes/s, handshake p50 %.0f us, p99 %.0f us, %s",
        open, connections, open / seconds, run.latency().percentileMicros(50), run.latency().percentileMicros(99), memory);
    return new Outcome(figures, summary, connections - stillOpen);
  }

  private static long perConnection(long before, long after, int connections) {
    return before < 0 || after < 0 || connections == 0 ? -1 : (after - before) / connections;
  }

  /** Connections on an echo route hear nothing unless they speak: anything arriving is wrong. */
  private static final class Silent implements WsConnection.Listener {
    private final Run run;

    Silent(Run run) {
      this.run = run;
    }

    @Override
    public void onMessage(WsConnection connection, boolean text, Buffer payload) {
      run.errors().add(Kind.VERIFY, "connect: an idle connection received a message (" + payload.length() + " bytes)");
    }
  }
}
