package io.wsgate.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 10,000 WebSocket connections held open and kept busy (echo on most, broadcast to a hundred),
 * spread over eight 127.0.0.x source addresses, then closed: no error of any kind, nothing lost,
 * the gateway's old generation after a full GC flat from the start to the end of the steady
 * phase and back to its size from before the connections once they closed, and its open files
 * back to where they were. The load generator runs in a process of
 * its own (its own file limit) in {@code soak} mode, which does the measuring and judging; this
 * test starts the gateway, runs it and checks its JSON line.
 *
 * <p>CI runs 20 s of steady phase. A longer soak is one command:
 * {@code mvn -B -pl bench/loadgen verify -Dit.test=SoakIT -Dsoak.duration=300} (also
 * {@code -Dsoak.connections=N}); docs/security.md has the figures of such a run.
 */
class SoakIT {

  private static final int CONNECTIONS = Integer.getInteger("soak.connections", 10_000);
  private static final String DURATION_S = System.getProperty("soak.duration", "20");
  private static final String WARMUP_S = "5";
  private static final int SOURCE_ADDRESSES = 8;
  private static final long MAX_HEAP_GROWTH_MB = 16;
  /** Opening, warm-up, two forced GCs, draining, closing and the open-files wait, on a loaded machine. */
  private static final long SETUP_AND_TEARDOWN_S = 300;

  @Test
  void tenThousandBusyConnectionsLeaveNoErrorsNoHeapGrowthAndNoOpenFiles() throws Exception {
    Path dir = Path.of("target", "soak");
    Files.createDirectories(dir);
    Path out = dir.resolve("soak-" + System.currentTimeMillis() + ".jsonl");
    Path clientLog = dir.resolve("loadgen.log");
    int port = ServerProcess.freePort();
    int managementPort = ServerProcess.freePort();
    try (ServerProcess gateway = ServerProcess.start("wsgate-soak", fromProperty("wsgate.jar"),
        List.of("--config", fromProperty("bench.soak.config").toString()),
        Map.of("WSGATE_PORT", Integer.toString(port), "WSGATE_MANAGEMENT_PORT", Integer.toString(managementPort)),
        port, "/echo")) {
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xms512m", "-Xmx1g", "-XX:+UseG1GC", "-jar", fromProperty("loadgen.jar").toString(), "soak",
          "--port", Integer.toString(port), "--management-port", Integer.toString(managementPort),
          "--server-pid", Long.toString(gateway.pid()), "--connections", Integer.toString(CONNECTIONS),
          "--source-addresses", Integer.toString(SOURCE_ADDRESSES), "--connect-parallelism", "200",
          "--threads", "2", "--warmup", WARMUP_S, "--duration", DURATION_S, "--drain-timeout", "30",
          "--max-heap-growth-mb", Long.toString(MAX_HEAP_GROWTH_MB),
          "--peer", "wsgate", "--scenario", "soak-ci", "--out", out.toString());
      Process client = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(clientLog.toFile()).start();
      long limit = Long.parseLong(DURATION_S) + SETUP_AND_TEARDOWN_S;
      if (!client.waitFor(limit, TimeUnit.SECONDS)) {
        client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("the soak did not finish within " + limit + " s; loadgen log:\n"
            + Files.readString(clientLog));
      }
      String log = Files.readString(clientLog, StandardCharsets.UTF_8);
      System.out.println(log);
      List<String> lines = Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
      assertEquals(1, lines.size(), "one JSON line from the soak; loadgen log:\n" + log);
      JsonObject run = new JsonObject(lines.get(0));
      JsonObject figures = run.getJsonObject("figures");
      String context = run.encodePrettily() + "\ngateway log " + gateway.log();

      assertTrue(run.getBoolean("ok"), "errors or losses: " + context);
      assertEquals(0, client.exitValue(), context);
      assertEquals(CONNECTIONS, figures.getInteger("opened"), context);
      assertEquals(CONNECTIONS, figures.getLong("serverConnectionsOpen"), "the gateway held them all at once: " + context);
      assertTrue(figures.getLong("echoes") > 0 && figures.getLong("broadcastDeliveries") > 0, context);
      assertEquals(0, figures.getLong("lost"), context);
      // The open-files figure sees the connections (so its return to the baseline means something).
      assertTrue(figures.getLong("filesOpen") >= figures.getLong("filesBefore") + CONNECTIONS, context);
      assertTrue(figures.getLong("filesAfter") <= figures.getLong("filesBefore") + 16, context);
      assertTrue(figures.getLong("oldGenGrowthBytes") <= MAX_HEAP_GROWTH_MB << 20, context);
      assertTrue(figures.getLong("oldGenKeptBytes") <= MAX_HEAP_GROWTH_MB << 20, context);
      assertTrue(figures.getLong("oldGenStartBytes") > 0, "the heap was read: " + context);
      assertEquals(0, figures.getLong("serverConnectionsAfter"), context);
    }
  }

  private static Path fromProperty(String property) {
    String path = System.getProperty(property);
    if (path == null) {
      throw new IllegalStateException("system property " + property + " is not set: run with `mvn verify`");
    }
    return Path.of(path).toAbsolutePath().normalize();
  }
}
