package io.wsgate.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.wsgate.bench.loadgen.cli.Options;
import io.wsgate.bench.loadgen.report.RunReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smoke test of the benchmark harness, not of performance: starts the gateway fat jar (with
 * bench/conf/bench-gateway.yaml) and the Vert.x peer jar, runs every load mode for about a
 * second with small numbers, and asserts that each run verified every message, lost none and
 * produced the JSON figures the report needs. No timing is asserted.
 */
class BenchSmokeIT {

  private static final String WARMUP = "0.3";
  private static final String DURATION = "1";

  private static ServerProcess gateway;
  private static ServerProcess vertxPeer;

  @BeforeAll
  static void startServers() throws Exception {
    int gatewayPort = ServerProcess.freePort();
    List<String> config = List.of("--config", fromProperty("bench.gateway.config").toString());
    gateway = ServerProcess.start("wsgate", fromProperty("wsgate.jar"), config, Map.of("WSGATE_PORT", Integer.toString(gatewayPort), "WSGATE_MANAGEMENT_PORT",
            Integer.toString(ServerProcess.freePort())), gatewayPort, "/echo");
    int peerPort = ServerProcess.freePort();
    vertxPeer = ServerProcess.start("vertx-peer", fromProperty("vertx.peer.jar"), List.of("--port", Integer.toString(peerPort)),
        Map.of(), peerPort, "/echo");
  }

  @AfterAll
  static void stopServers() throws InterruptedException {
    if (gateway != null) {
      gateway.close();
    }
    if (vertxPeer != null) {
      vertxPeer.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"wsgate", "vertx"})
  void echoSmallTextMessages(String peer) throws Exception {
    JsonObject figures = run(peer, "echo", "--connections", "10", "--in-flight", "2", "--size", "64", "--type", "text");
    assertTrue(figures.getLong("messages") > 0, figures.encode());
    assertEquals(0, figures.getLong("unanswered"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"wsgate", "vertx"})
  void echoLargeBinaryMessages(String peer) throws Exception {
    JsonObject figures = run(peer, "echo", "--connections", "5", "--size", "16384", "--type", "binary");
    assertTrue(figures.getLong("messages") > 0, figures.encode());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"wsgate", "vertx"})
  void broadcastClosedLoop(String peer) throws Exception {
    JsonObject figures = run(peer, "broadcast", "--receivers", "50");
    assertEquals(50, figures.getInteger("receivers"));
    assertTrue(figures.getLong("deliveries") > 0, figures.encode());
    assertEquals(0, figures.getLong("lost"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"wsgate", "vertx"})
  void broadcastAtAFixedRate(String peer) throws Exception {
    JsonObject figures = run(peer, "broadcast", "--receivers", "50", "--rate", "100", "--type", "binary");
    assertTrue(figures.getLong("deliveries") > 0, figures.encode());
    assertEquals(0, figures.getLong("lost"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"wsgate", "vertx"})
  void connectAndHold(String peer) throws Exception {
    JsonObject figures = run(peer, "connect", "--connections", "500", "--source-addresses", "4",
        "--connect-parallelism", "50", "--hold", "0.2", "--heap", "jcmd");
    assertEquals(500, figures.getInteger("opened"));
    assertEquals(500, figures.getInteger("openAfterHold"));
    assertTrue(figures.getLong("rssAfterBytes") > 0, figures.encode());
    assertTrue(figures.getLong("heapAfterBytes") > 0, "jcmd reads the server's heap: " + figures.encode());
  }

  @Test
  void roomsOnTheGateway() throws Exception {
    JsonObject figures = run("wsgate", "rooms", "--rooms", "5", "--members", "4", "--publishers", "2");
    assertTrue(figures.getLong("deliveries") > 0, figures.encode());
    assertEquals(0, figures.getLong("lost"));
    assertTrue(figures.getLong("selfDeliveries") > 0, "the rooms router delivers to the sender too: " + figures.encode());
  }

  @Test
  void theFatJarWritesOneJsonLinePerRun() throws Exception {
    Path out = Files.createTempFile("loadgen-smoke", ".jsonl");
    Files.delete(out);
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", fromProperty("loadgen.jar").toString(), "echo", "--port", Integer.toString(gateway.port()),
        "--connections", "2", "--warmup", "0", "--duration", "0.5", "--peer", "wsgate", "--scenario", "smoke",
        "--out", out.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "loadgen.jar did not finish");
    assertEquals(0, process.exitValue());
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertEquals(1, lines.size());
    JsonObject json = new JsonObject(lines.get(0));
    assertEquals("run", json.getString("type"));
    assertEquals("smoke", json.getString("scenario"));
    assertTrue(json.getBoolean("ok"));
    Files.delete(out);
  }

  @Test
  void waitFailsWhenNothingServes() throws Exception {
    int closedPort = ServerProcess.freePort();
    assertEquals(1, Main.run(List.of("wait", "--port", Integer.toString(closedPort), "--timeout", "0.5")));
  }

  /** Runs a mode in-process against a server; asserts it verified everything, returns its figures. */
  private static JsonObject run(String peer, String mode, String... args) throws Exception {
    ServerProcess server = peer.equals("wsgate") ? gateway : vertxPeer;
    List<String> all = new ArrayList<>(List.of("--port", Integer.toString(server.port()),
        "--server-pid", Long.toString(server.pid()), "--peer", peer, "--warmup", WARMUP, "--duration", DURATION));
    all.addAll(List.of(args));
    RunReport report = Main.runMode(mode, Options.parse(all));
    JsonObject json = report.json();
    assertTrue(report.ok(), () -> peer + " " + mode + " failed: " + json.encodePrettily() + "\nserver log "
        + server.log());
    assertEquals(0, json.getJsonObject("errors").getLong("verify"));
    assertTrue(json.getJsonObject("window").getJsonObject("server").containsKey("cpuCores"), json.encode());
    return json.getJsonObject("figures");
  }

  private static Path fromProperty(String property) {
    String path = System.getProperty(property);
    if (path == null) {
      throw new IllegalStateException("system property " + property + " is not set: run with `mvn verify`");
    }
    return Path.of(path).toAbsolutePath().normalize();
  }
}
