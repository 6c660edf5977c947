package io.wsgate.bench.loadgen.mode;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.wsgate.bench.loadgen.cli.UsageException;
import io.wsgate.bench.loadgen.metrics.ErrorCounters.Kind;
import io.wsgate.bench.loadgen.metrics.HeapProbe;
import io.wsgate.bench.loadgen.metrics.ServerMetrics;
import io.wsgate.bench.loadgen.payload.Stamp;
import io.wsgate.bench.loadgen.ws.Connector;
import io.wsgate.bench.loadgen.ws.FrameMasker;
import io.wsgate.bench.loadgen.ws.Rfc6455;
import io.wsgate.bench.loadgen.ws.WsConnection;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code soak} (the gateway only: it reads the gateway's {@code /metrics}): many connections held
 * open and kept busy for a long time, then closed, and the server must come back to where it
 * started. {@code --connections N} in all: one broadcast sender at {@code --broadcast-rate}
 * msgs/s, {@code --broadcast-receivers R} receivers on {@code /broadcast}, and the rest on
 * {@code /echo}, each sending one message every {@code --interval} seconds (phases spread at
 * random). Every message is verified as in the echo and broadcast modes.
 *
 * <p>Timeline: a full GC in the server ({@code jcmd PID GC.run}, needs {@code --server-pid}) and
 * its old generation read from {@code jvm_memory_used_bytes}, and its open files; open
 * everything; warm-up; GC and heap reading; the steady phase ({@code --duration}); GC and heap
 * reading; stop, drain, close everything; wait for the open files to come back; GC and heap
 * reading. The run fails (errors of kind {@code leak}) when the old generation grew by more than
 * {@code --max-heap-growth-mb} over the steady phase, or is larger by more than that after
 * closing than before opening, or the open files stay above the first reading by more than
 * {@code --fd-slack}.
 */
public final class SoakMode implements Mode {

  private static final long FD_WAIT_MS = 30_000;
  private static final long SETTLE_AFTER_GC_MS = 3_000;
  private static final double BYTES_PER_MB = 1 << 20;

  private int connections;
  private int receivers;
  private double broadcastRate;
  private long intervalMs;
  private Stamp stamp;
  private int managementPort;
  private double maxHeapGrowthMb;
  private int fdSlack;

  private final LongAdder echoSent = new LongAdder();
  private final LongAdder echoReceived = new LongAdder();
  private final LongAdder deliveries = new LongAdder();
  private final AtomicInteger ready = new AtomicInteger();

  @Override
  public void configure(Run run) {
    connections = run.options().integer("connections", 10_000, 2, Run.MAX_CONNECTIONS);
    receivers = run.options().integer("broadcast-receivers", Math.min(100, connections - 2), 0, connections - 2);
    broadcastRate = run.options().decimal("broadcast-rate", 10, 0.1, 100_000);
    intervalMs = Math.round(run.options().decimal("interval", 2, 0.01, 3600) * 1000);
    stamp = new Stamp(run.options().integer("size", 64, Stamp.HEADER_BYTES, WsConnection.MAX_MESSAGE_BYTES));
    managementPort = run.options().integer("management-port", 0, 0, 65535);
    maxHeapGrowthMb = run.options().decimal("max-heap-growth-mb", 16, 0, 1 << 20);
    fdSlack = run.options().integer("fd-slack", 16, 0, Run.MAX_CONNECTIONS);
    if (managementPort == 0 || run.serverPid() <= 0) {
      throw new UsageException("soak needs --management-port (the gateway's /metrics) and --server-pid (jcmd GC.run)");
    }
  }

  @Override
  public String path() {
    return "/echo and /broadcast";
  }

  @Override
  public Outcome run(Run run) throws InterruptedException {
    ServerMetrics server = new ServerMetrics(run.endpoint().host(), managementPort);
    Heap heapBefore = heapAfterGc(run, server);
    double filesBefore = server.scrape().sum("process_files_open_files");
    int echoConnections = connections - (receivers > 0 ? receivers + 1 : 0);

    Echoer[] echoers = new Echoer[echoConnections];
    WsConnection[] echoOpened = run.connector().openAll(echoConnections, run.connectParallelism(), i -> "/echo",
        i -> echoers[i] = new Echoer(run), null, run.setupTimeoutMs());
    BroadcastReceiver[] receiving = new BroadcastReceiver[receivers];
    WsConnection[] receiversOpened = run.connector().openAll(receivers, run.connectParallelism(), i -> "/broadcast",
        i -> receiving[i] = new BroadcastReceiver(run, stamp, true, deliveries, ready), null, run.setupTimeoutMs());
    WsConnection[] senderSlot = receivers == 0 ? new WsConnection[0] : run.connector().openAll(1, 1,
        i -> "/broadcast", i -> new BroadcastReceiver.SenderSelfCheck(run), null, run.setupTimeoutMs());
    int opened = EchoMode.count(echoOpened) + EchoMode.count(receiversOpened) + EchoMode.count(senderSlot);
    double filesOpen = server.scrape().sum("process_files_open_files");

    for (int i = 0; i < echoConnections; i++) {
      if (echoOpened[i] != null) {
        echoers[i].start(echoOpened[i]);
      }
    }
    Publisher sender = null;
    FanOut fanOut = null;
    int reachable = EchoMode.count(receiversOpened);
    if (senderSlot.length == 1 && senderSlot[0] != null && reachable > 0) {
      BroadcastReceiver.awaitReceivers(run, senderSlot[0], true, ready, reachable);
      int header = FrameMasker.headerLength(stamp.size());
      sender = new Publisher(run, senderSlot[0], 1 << 16, broadcastRate, (sequence, nanos) -> {
        byte[] frame = FrameMasker.allocate(Rfc6455.OP_TEXT, stamp.size());
        stamp.write(frame, header, sequence, nanos);
        return FrameMasker.seal(frame);
      });
      fanOut = new FanOut(reachable, 1 << 16, sender::wake);
      sender.track(fanOut);
      for (BroadcastReceiver receiver : receiving) {
        if (receiver != null) {
          receiver.fanOut = fanOut;
        }
      }
      sender.start();
    }

    run.warmUp();
    Heap heapStart = heapAfterGc(run, server);
    // The forced GC stopped the server for a moment: let it work off that backlog unmeasured.
    Thread.sleep(SETTLE_AFTER_GC_MS);
    long echoes0 = echoReceived.sum();
    long deliveries0 = deliveries.sum();
    run.measure();
    long echoes = echoReceived.sum() - echoes0;
    long delivered = deliveries.sum() - deliveries0;
    Heap heapEnd = heapAfterGc(run, server);
    double serverConnectionsOpen = server.scrape().sum("wsgate_connections_open");

    run.stopSending();
    long broadcastSent = 0;
    if (sender != null) {
      sender.stop();
      Publisher finished = sender;
      FanOut tracker = fanOut;
      run.drain(() -> tracker.complete() == finished.sent());
      broadcastSent = sender.sent();
    }
    run.drain(() -> echoSent.sum() == echoReceived.sum());
    long lost = echoSent.sum() - echoReceived.sum();
    for (int i = 0; i < receivers; i++) {
      if (receiversOpened[i] != null) {
        BroadcastReceiver receiver = receiving[i];
        long sent = broadcastSent;
        lost += Run.callOn(receiversOpened[i].context(), () -> receiver.missing(sent));
      }
    }
    Connector.closeAll(echoOpened, run.connectParallelism(), run.setupTimeoutMs());
    Connector.closeAll(receiversOpened, run.connectParallelism(), run.setupTimeoutMs());
    Connector.closeAll(senderSlot, 1, run.setupTimeoutMs());
    double limit = filesBefore + fdSlack;
    Run.await(() -> server.scrape().sum("process_files_open_files") <= limit, FD_WAIT_MS);
    double filesAfter = server.scrape().sum("process_files_open_files");
    double connectionsAfter = server.scrape().sum("wsgate_connections_open");
    Heap heapAfter = heapAfterGc(run, server);

    double growthMb = (heapEnd.oldGen - heapStart.oldGen) / BYTES_PER_MB;
    if (growthMb > maxHeapGrowthMb) {
      run.errors().add(Kind.LEAK, String.format("old generation after a full GC grew by %.1f MB over the steady"
          + " phase (%,d → %,d bytes), more than --max-heap-growth-mb %.1f", growthMb, heapStart.oldGen,
          heapEnd.oldGen, maxHeapGrowthMb));
    }
    double keptMb = (heapAfter.oldGen - heapBefore.oldGen) / BYTES_PER_MB;
    if (keptMb > maxHeapGrowthMb) {
      run.errors().add(Kind.LEAK, String.format("old generation after a full GC is %.1f MB larger once every"
          + " connection closed than before they opened (%,d → %,d bytes), more than --max-heap-growth-mb %.1f",
          keptMb, heapBefore.oldGen, heapAfter.oldGen, maxHeapGrowthMb));
    }
    if (filesAfter > limit) {
      run.errors().add(Kind.LEAK, String.format("the server holds %.0f open files %d s after every connection"
          + " closed, %.0f before they opened (--fd-slack %d)", filesAfter, FD_WAIT_MS / 1000, filesBefore, fdSlack));
    }
    if (connectionsAfter != 0) {
      run.errors().add(Kind.LEAK, "wsgate_connections_open is " + connectionsAfter + " after every connection closed");
    }

    double seconds = run.measurement().seconds();
    JsonObject figures = new JsonObject()
        .put("connections", connections)
        .put("opened", opened)
        .put("echoConnections", echoConnections)
        .put("broadcastReceivers", reachable)
        .put("serverConnectionsOpen", Math.round(serverConnectionsOpen))
        .put("echoes", echoes)
        .put("echoesPerSec", Math.round(echoes / seconds))
        .put("broadcastDeliveries", delivered)
        .put("broadcastDeliveriesPerSec", Math.round(delivered / seconds))
        .put("echoSentTotal", echoSent.sum())
        .put("broadcastSentTotal", broadcastSent)
        .put("lost", lost)
        .put("oldGenBeforeBytes", heapBefore.oldGen)
        .put("heapStartBytes", heapStart.total)
        .put("heapEndBytes", heapEnd.total)
        .put("oldGenStartBytes", heapStart.oldGen)
        .put("oldGenEndBytes", heapEnd.oldGen)
        .put("oldGenGrowthBytes", heapEnd.oldGen - heapStart.oldGen)
        .put("oldGenAfterBytes", heapAfter.oldGen)
        .put("oldGenKeptBytes", heapAfter.oldGen - heapBefore.oldGen)
        .put("filesBefore", Math.round(filesBefore))
        .put("filesOpen", Math.round(filesOpen))
        .put("filesAfter", Math.round(filesAfter))
        .put("serverConnectionsAfter", Math.round(connectionsAfter));
    String summary = String.format("%,d connections for %.0f s: %,d echoes (%,.0f/s), %,d broadcast deliveries"
            + " (%,.0f/s), lost %d; old gen after full GC %,d → %,d bytes over the steady phase (%+.1f MB), %,d"
            + " before opening → %,d after closing (%+.1f MB); server open files %,.0f before, %,.0f open,"
            + " %,.0f after closing",
        opened, seconds, echoes, echoes / seconds, delivered, delivered / seconds, lost, heapStart.oldGen,
        heapEnd.oldGen, growthMb, heapBefore.oldGen, heapAfter.oldGen, keptMb, filesBefore, filesOpen, filesAfter);
    return new Outcome(figures, summary, lost);
  }

  /** Heap figures after a forced full GC in the server. */
  private record Heap(long total, long oldGen) {
  }

  /**
   * A full GC in the server, then its heap pools from {@code /metrics}. The old generation is what
   * survived the GC (traffic goes on meanwhile and fills only the young generation); the total
   * is reported too.
   */
  private static Heap heapAfterGc(Run run, ServerMetrics server) {
    if (!HeapProbe.forceGc(run.serverPid())) {
      run.errors().add(Kind.LEAK, "jcmd " + run.serverPid() + " GC.run failed: the heap cannot be compared");
      return new Heap(-1, -1);
    }
    ServerMetrics.Scrape scrape = server.scrape();
    long total = Math.round(scrape.sum("jvm_memory_used_bytes", "area=\"heap\""));
    long oldGen = Math.round(scrape.sum("jvm_memory_used_bytes", "area=\"heap\"", "Old Gen"));
    return new Heap(total, oldGen > 0 ? oldGen : total);
  }

  /** One echo connection: one message per interval (first at a random phase), replies checked in order. */
  private final class Echoer implements WsConnection.Listener {
    private final Run run;
    private final Stamp.Values values = new Stamp.Values();
    private WsConnection connection;
    private long nextToSend;
    private long nextExpected;

    Echoer(Run run) {
      this.run = run;
    }

    void start(WsConnection opened) {
      connection = opened;
      connection.context().runOnContext(v -> {
        long phase = 1 + ThreadLocalRandom.current().nextLong(intervalMs);
        run.vertx().setPeriodic(phase, intervalMs, id -> {
          if (!run.sending() || !connection.isOpen()) {
            run.vertx().cancelTimer(id);
          } else if (run.takeMessage()) {
            byte[] frame = FrameMasker.allocate(Rfc6455.OP_TEXT, stamp.size());
            stamp.write(frame, FrameMasker.headerLength(stamp.size()), nextToSend++, System.nanoTime());
            echoSent.increment();
            connection.send(FrameMasker.seal(frame));
          }
        });
      });
    }

    @Override
    public void onMessage(WsConnection from, boolean isText, Buffer payload) {
      long now = System.nanoTime();
      echoReceived.increment();
      if (!isText || !stamp.read(payload, values)) {
        run.errors().add(Kind.VERIFY, "soak: echo " + nextExpected + " differs from what was sent ("
            + payload.length() + " bytes, text=" + isText + ")");
        nextExpected++;
      } else if (values.sequence != nextExpected) {
        run.errors().add(Kind.VERIFY, "soak: expected echo " + nextExpected + ", got " + values.sequence);
        nextExpected = values.sequence + 1;
      } else {
        nextExpected++;
        run.latency().record(now - values.sentNanos);
      }
    }
  }
}
