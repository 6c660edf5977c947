package io.wsgate.bench.loadgen.metrics;

import io.vertx.core.json.JsonObject;

/**
 * The measured window: wall time, this process's CPU time and, with a server pid, the server's
 * CPU time over exactly that window. The CPU figures show who the bottleneck was: a client
 * close to its core budget means the figure is client-bound, not a property of the server.
 */
public final class Measurement {

  /** The client counts as saturated from this share of the cores its event loops can use. */
  private static final double SATURATED = 0.9;
  private static final double NANOS_PER_SECOND = 1e9;

  private final long serverPid;
  private final int eventLoops;
  private long startNanos;
  private long endNanos;
  private long clientCpuStart;
  private long clientCpuEnd;
  private long serverCpuStart = -1;
  private long serverCpuEnd = -1;
  private double loadAverage = -1;

  /** @param serverPid the server's pid, or -1 if unknown */
  public Measurement(long serverPid, int eventLoops) {
    this.serverPid = serverPid;
    this.eventLoops = eventLoops;
  }

  public void begin() {
    clientCpuStart = ProcStats.selfCpuNanos();
    serverCpuStart = serverPid > 0 ? ProcStats.cpuNanos(serverPid) : -1;
    startNanos = System.nanoTime();
  }

  public void end() {
    endNanos = System.nanoTime();
    clientCpuEnd = ProcStats.selfCpuNanos();
    serverCpuEnd = serverPid > 0 ? ProcStats.cpuNanos(serverPid) : -1;
    loadAverage = ProcStats.loadAverage();
  }

  public double seconds() {
    return (endNanos - startNanos) / NANOS_PER_SECOND;
  }

  public double clientCpuCores() {
    return (clientCpuEnd - clientCpuStart) / NANOS_PER_SECOND / seconds();
  }

  /** Whether the client used (nearly) all the CPU its event loops could: the figure is then a client limit. */
  public boolean clientBound() {
    int usable = Math.min(Runtime.getRuntime().availableProcessors(), eventLoops);
    return clientCpuCores() >= SATURATED * usable;
  }

  public JsonObject toJson() {
    JsonObject client = new JsonObject()
        .put("cpuSeconds", round((clientCpuEnd - clientCpuStart) / NANOS_PER_SECOND))
        .put("cpuCores", round(clientCpuCores()))
        .put("availableProcessors", Runtime.getRuntime().availableProcessors())
        .put("eventLoops", eventLoops);
    JsonObject json = new JsonObject()
        .put("seconds", round(seconds()))
        .put("client", client)
        .put("clientBound", clientBound())
        // Above the core count, something else competed for the CPU: the run is noisy.
        .put("loadAverage1m", loadAverage);
    if (serverPid > 0) {
      JsonObject server = new JsonObject().put("pid", serverPid);
      if (serverCpuStart >= 0 && serverCpuEnd >= 0) {
        double cpu = (serverCpuEnd - serverCpuStart) / NANOS_PER_SECOND;
        server.put("cpuSeconds", round(cpu)).put("cpuCores", round(cpu / seconds()));
      }
      json.put("server", server);
    }
    return json;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
