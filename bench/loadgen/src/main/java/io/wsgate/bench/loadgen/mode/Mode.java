package io.wsgate.bench.loadgen.mode;

import io.vertx.core.json.JsonObject;

/** One load pattern. Reads its own options from {@link Run#options()}, runs, and reports. */
public interface Mode {

  /** What a mode measured: its figures (JSON), a one-line human summary, and messages lost. */
  record Outcome(JsonObject figures, String summary, long lost) {
  }

  /** Reads and validates the mode's options; called before anything connects. */
  void configure(Run run);

  /** The request path the mode connects to (for the report). */
  String path();

  Outcome run(Run run) throws InterruptedException;
}
