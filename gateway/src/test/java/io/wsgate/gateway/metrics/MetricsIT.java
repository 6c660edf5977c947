package io.wsgate.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.interop.GatewayProcess;
import io.wsgate.gateway.rooms.RoomsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;

/**
 * The metrics a running gateway exposes, checked with real tools: promtool, and a real
 * Prometheus on loopback scraping the gateway under traffic that runs every alert expression and
 * every dashboard query.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {

  private static final String PROMETHEUS = "/usr/bin/prometheus";
  private static final String PROMTOOL = "/usr/bin/promtool";
  private static final Pattern METER_IN_DOCS = Pattern.compile("^\\| `(wsgate_[a-z_]+)` \\|", Pattern.MULTILINE);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static GatewayProcess gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = GatewayProcess.start("metrics");
    traffic(5);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.stop();
    }
  }

  private static Path repo() {
    return Path.of(System.getProperty("user.dir")).getParent();
  }

  @Test
  @Order(1)
  void shippedPrometheusConfigAndRulesPassPromtool() throws Exception {
    requireTool(PROMTOOL);
    assertToolPasses(PROMTOOL, "check", "config", repo().resolve("conf/prometheus/prometheus.yml").toString());
    assertToolPasses(PROMTOOL, "check", "rules", repo().resolve("conf/prometheus/alerts.yml").toString());
  }

  @Test
  @Order(2)
  void everyDocumentedMeterIsExposedAfterTraffic() throws Exception {
    String docs = Files.readString(repo().resolve("docs/metrics.md"));
    Matcher matcher = METER_IN_DOCS.matcher(docs);
    Set<String> exposed = metricNames(scrape());
    List<String> missing = new ArrayList<>();
    int documented = 0;
    while (matcher.find()) {
      documented++;
      String name = matcher.group(1);
      boolean present = exposed.contains(name) || exposed.contains(name + "_count") || exposed.contains(name + "_bucket");
      if (!present && !name.equals("wsgate_eventbus_failures_total")) {
        missing.add(name);
      }
    }
    assertTrue(documented >= 20, "docs/metrics.md lists only " + documented + " wsgate meters");
    // wsgate_eventbus_failures_total exists once a failure happened; none does in healthy traffic.
    assertEquals(List.of(), missing, "documented in docs/metrics.md but not in /metrics");
  }

  @Test
  @Order(3)
  void thousandDistinctUsersAndRoomsAddNoSeries() throws Exception {
    usersInOwnRooms(0, 20);
    Set<String> before = wsgateSeries(scrape());
    usersInOwnRooms(20, 1000);
    Set<String> after = wsgateSeries(scrape());
    Set<String> added = new TreeSet<>(after);
    added.removeAll(before);
    assertEquals(Set.of(), added, "series that appeared with 1000 new users and rooms");
    assertEquals(before.size(), after.size());
  }

  @Test
  @Order(4)
  void everyAlertAndDashboardQueryRunsOnARealPrometheus() throws Exception {
    requireTool(PROMETHEUS);
    int port = freePort();
    Path dir = Path.of("target", "prometheus-it");
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  evaluation_interval: 1s",
        "rule_files:",
        "  - " + repo().resolve("conf/prometheus/alerts.yml"),
        "scrape_configs:",
        "  - job_name: wsgate",
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + gateway.managementPort() + "']",
        ""));
    Process prometheus = new ProcessBuilder(PROMETHEUS,
        "--config.file=" + config.toAbsolutePath(),
        "--storage.tsdb.path=" + dir.resolve("data-" + System.nanoTime()).toAbsolutePath(),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    try {
      String base = "http://127.0.0.1:" + port;
      awaitReady(base + "/-/ready");
      // Traffic while Prometheus scrapes, so rates and histograms have samples to work with.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
      while (System.nanoTime() < until) {
        traffic(1);
      }
      awaitValue(base, "up{job=\"wsgate\"}", "1");

      List<String> problems = new ArrayList<>();
      for (String expr : alertExpressions()) {
        JsonObject answer = query(base, expr);
        if (!"success".equals(answer.getString("status"))) {
          problems.add("alert expression invalid: " + expr + " → " + answer.encode());
        }
      }
      int queries = 0;
      for (String expr : dashboardQueries()) {
        queries++;
        String concrete = expr.replace("$__rate_interval", "10s").replace("$instance", ".*");
        JsonObject answer = query(base, concrete);
        if (!"success".equals(answer.getString("status"))) {
          problems.add("dashboard query invalid: " + concrete + " → " + answer.encode());
        } else if (answer.getJsonObject("data").getJsonArray("result").isEmpty()) {
          problems.add("dashboard query returned no data: " + concrete);
        }
      }
      assertTrue(queries >= 16, "dashboard has only " + queries + " queries");
      JsonObject rules = get(base + "/api/v1/rules");
      for (Object group : rules.getJsonObject("data").getJsonArray("groups")) {
        for (Object rule : ((JsonObject) group).getJsonArray("rules")) {
          JsonObject r = (JsonObject) rule;
          if (!"ok".equals(r.getString("health"))) {
            problems.add("rule " + r.getString("name") + " health " + r.getString("health") + ": " + r.getString("lastError"));
          }
        }
      }
      assertEquals(List.of(), problems, "Prometheus log: " + dir.resolve("prometheus.log").toAbsolutePath());
    } finally {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
  }

  // ---- traffic ------------------------------------------------------------------------------

  /** Echo (text, binary, 1 MiB: enough garbage for a GC), broadcast, rooms, rejected handshakes, closes. */
  private static void traffic(int rounds) throws Exception {
    for (int round = 0; round < rounds; round++) {
      WebSocket echo = HTTP.newWebSocketBuilder().buildAsync(gateway.wsUri("/echo"), new WebSocket.Listener() { })
          .get(10, TimeUnit.SECONDS);
      echo.sendText("hello", true).get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 20; i++) {
        echo.sendBinary(ByteBuffer.wrap(new byte[1 << 20]), true).get(10, TimeUnit.SECONDS);
      }
      echo.sendClose(4001, "bye").get(10, TimeUnit.SECONDS);
      WebSocket receiver = HTTP.newWebSocketBuilder().buildAsync(gateway.wsUri("/broadcast"), new WebSocket.Listener() { })
          .get(10, TimeUnit.SECONDS);
      WebSocket sender = HTTP.newWebSocketBuilder().buildAsync(gateway.wsUri("/broadcast"), new WebSocket.Listener() { })
          .get(10, TimeUnit.SECONDS);
      Thread.sleep(50);
      sender.sendText("to everyone", true).get(10, TimeUnit.SECONDS);
      sender.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
      receiver.abort();
      usersInOwnRooms(0, 2);
      rawHandshake("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
      rawHandshake("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
    }
  }

  /** Users u{from}..u{to-1}, each in its own room r{i}: join, publish, read it back, leave by closing. */
  private static void usersInOwnRooms(int from, int to) throws Exception {
    URI rooms = gateway.wsUri("/rooms");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = from; i < to; i++) {
        int n = i;
        done.add(pool.submit(() -> {
          try (RoomsClient client = RoomsClient.connect(HTTP, rooms, "u" + n)) {
            client.send(new JsonObject().put("op", "join").put("room", "r" + n));
            client.next("joined");
            client.send(new JsonObject().put("op", "publish").put("room", "r" + n).put("data", "hi"));
            client.next("message");
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Thread.sleep(300); // closes reach the router and the gauges
  }

  private static void rawHandshake(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.getInputStream().readAllBytes();
    }
  }

  // ---- /metrics -----------------------------------------------------------------------------

  private static String scrape() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(gateway.managementUri("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return response.body();
  }

  private static Set<String> metricNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
        names.add(line.substring(0, end));
      }
    }
    return names;
  }

  /** Every wsgate series (name and labels, without the value). */
  private static Set<String> wsgateSeries(String exposition) {
    Set<String> series = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.startsWith("wsgate_")) {
        series.add(line.substring(0, line.lastIndexOf(' ')));
      }
    }
    return series;
  }

  // ---- shipped alert rules and dashboard ------------------------------------------------------

  @SuppressWarnings("unchecked")
  private static List<String> alertExpressions() throws IOException {
    Map<String, Object> rules = new Yaml().load(Files.readString(repo().resolve("conf/prometheus/alerts.yml")));
    List<String> exprs = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        exprs.add(rule.get("expr").toString());
      }
    }
    assertTrue(exprs.size() >= 6, "alerts.yml has only " + exprs.size() + " rules");
    return exprs;
  }

  private static List<String> dashboardQueries() throws IOException {
    JsonObject dashboard = new JsonObject(Files.readString(repo().resolve("conf/grafana/wsgate.json")));
    List<String> exprs = new ArrayList<>();
    for (Object panel : dashboard.getJsonArray("panels")) {
      JsonArray targets = ((JsonObject) panel).getJsonArray("targets", new JsonArray());
      for (Object target : targets) {
        exprs.add(((JsonObject) target).getString("expr"));
      }
    }
    return exprs;
  }

  // ---- Prometheus HTTP API ------------------------------------------------------------------

  private static JsonObject query(String base, String expr) throws Exception {
    return get(base + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
  }

  private static JsonObject get(String url) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new JsonObject(response.body());
  }

  private static void awaitReady(String url) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    fail("Prometheus not ready within 30 s: " + url);
  }

  private static void awaitValue(String base, String expr, String value) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = query(base, expr);
      JsonArray result = last.getJsonObject("data", new JsonObject()).getJsonArray("result", new JsonArray());
      if (!result.isEmpty() && value.equals(result.getJsonObject(0).getJsonArray("value").getString(1))) {
        return;
      }
      Thread.sleep(500);
    }
    fail(expr + " never became " + value + ": " + last);
  }

  // ---- tools --------------------------------------------------------------------------------

  private static void requireTool(String path) {
    if (!Files.isExecutable(Path.of(path))) {
      fail(path + " is missing: install Debian's prometheus package (apt-get install prometheus), as .ci/run does");
    }
  }

  private static void assertToolPasses(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
    assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
