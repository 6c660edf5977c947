package io.wsgate.bench.loadgen.report;

import io.vertx.core.json.JsonObject;
import io.wsgate.bench.loadgen.metrics.ErrorCounters;
import io.wsgate.bench.loadgen.mode.Mode.Outcome;
import io.wsgate.bench.loadgen.mode.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The result of one run, twice: a few human lines and one JSON line (schema below) for
 * {@code bench/report.py}. A run is {@code ok} only with zero errors of every kind and nothing lost.
 *
 * <pre>
 * {"type":"run","schema":1,"time":..,"mode":..,"peer":..,"scenario":..,"repeat":..,"target":..,
 *  "params":{every option, defaults included},"figures":{mode-specific},"latency":{"unit":"us",..},
 *  "window":{"seconds":..,"client":{"cpuCores":..},"server":{"cpuCores":..},"clientBound":..},
 *  "errors":{"connect":0,..},"lost":0,"ok":true}
 * </pre>
 */
public final class RunReport {

  public static final int SCHEMA = 1;

  private final JsonObject json;
  private final String human;

  private RunReport(JsonObject json, String human) {
    this.json = json;
    this.human = human;
  }

  public static RunReport of(String mode, Labels labels, Run run, String path, Outcome outcome) {
    ErrorCounters errors = run.errors();
    boolean ok = errors.total() == 0 && outcome.lost() == 0;
    JsonObject json = new JsonObject()
        .put("type", "run")
        .put("schema", SCHEMA)
        .put("time", Instant.now().toString())
        .put("mode", mode)
        .put("peer", labels.peer())
        .put("scenario", labels.scenario())
        .put("repeat", labels.repeat())
        .put("target", run.endpoint() + path)
        .put("params", run.options().effective())
        .put("figures", outcome.figures())
        .put("latency", run.latency().toJson())
        .put("window", run.measurement().toJson())
        .put("errors", errors.toJson())
        .put("lost", outcome.lost())
        .put("ok", ok);
    StringBuilder text = new StringBuilder()
        .append(String.format("[%s] %s (%s, repeat %d): %s%n", labels.peer(), labels.scenario(), mode,
            labels.repeat(), outcome.summary()));
    JsonObject window = run.measurement().toJson();
    text.append(String.format("  window %.2f s, client CPU %.2f cores", window.getDouble("seconds"),
        window.getJsonObject("client").getDouble("cpuCores")));
    if (window.getBoolean("clientBound")) {
      text.append(" (CLIENT-BOUND: the load generator is the limit, not the server)");
    }
    JsonObject server = window.getJsonObject("server");
    if (server != null && server.containsKey("cpuCores")) {
      text.append(String.format(", server CPU %.2f cores", server.getDouble("cpuCores")));
    }
    text.append(System.lineSeparator());
    text.append(ok ? "  OK: every message verified, nothing lost" : "  FAILED: errors " + errors.toJson().encode()
        + ", lost " + outcome.lost());
    return new RunReport(json, text.toString());
  }

  public JsonObject json() {
    return json;
  }

  public boolean ok() {
    return json.getBoolean("ok");
  }

  public String human() {
    return human;
  }

  /** Appends the JSON line to {@code file} (created if needed). */
  public void appendTo(Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, json.encode() + System.lineSeparator(), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** How the runner labels a run in the results. */
  public record Labels(String peer, String scenario, int repeat) {
  }
}
